#include "service/UserService.h"

#include <algorithm>

#include "crypto/Ids.h"
#include "domain/DisplayText.h"
#include "domain/PasswordPolicy.h"
#include "service/AuditScope.h"
#include "service/BusinessAccountChange.h"
#include "service/CredentialService.h"
#include "service/GrantChecks.h"
#include "service/Notifications.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

Result<void> validateNames(std::string_view firstName, std::string_view lastName,
                           std::string_view email) {
    std::vector<std::string> bad;
    auto check = [&](std::string_view value, const char* field) {
        if (value.empty() || value.size() > 200) bad.push_back(field);
    };
    check(firstName, "firstName");
    check(lastName, "lastName");
    if (!bad.empty()) return fail(ErrorCode::InvalidRequest, "must be 1 to 200 characters", bad);
    if (email.size() > 254)
        return fail(ErrorCode::InvalidRequest, "email must be at most 254 characters", {"email"});
    for (auto [value, field] : {std::pair{firstName, "firstName"}, std::pair{lastName, "lastName"},
                                std::pair{email, "email"}}) {
        if (auto safe = checkDisplaySafe(value, field); !safe) return safe;
    }
    return {};
}

template <class T>
void appendUnique(std::vector<T>& list, const T& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::vector<std::string> scopeTexts(const std::vector<ScopeEntry>& scope) {
    std::vector<std::string> out;
    for (const auto& entry : scope) appendUnique(out, entry.text());
    return out;
}

}  // namespace

Result<UserRef> UserService::find(const Principal& caller, std::string_view locator) const {
    auto user = context_.directory.findUser(locator);
    if (!user || user->user.businessAccount != caller.businessAccount()) {
        return fail(ErrorCode::NotFound, "no such user");
    }
    return user;
}

UserRef UserService::findByName(const Principal& caller, std::string_view userName) const {
    return context_.directory.findUserByName(caller.businessAccount(), userName);
}

std::vector<UserRef> UserService::list(const Principal& caller, std::string_view search) const {
    auto users = context_.directory.usersOf(caller.businessAccount());
    if (search.empty()) return users;
    auto term = lowerCase(search);
    std::erase_if(users, [&](const UserRef& entry) { return !matchesSearch(entry->user, term); });
    return users;
}

Result<void> UserService::checkMayChange(const Principal& caller, const UserEntry& user) const {
    return checkMayActOn(caller, context_.directory, user);
}

std::vector<std::string> UserService::roleNames(const User& user) const {
    std::vector<std::string> names;
    for (const auto& locator : user.roleLocators) {
        if (auto role = context_.directory.findRole(locator)) names.push_back(role->name);
    }
    return names;
}

Result<UserRef> UserService::saveNew(const User& user, AuditEvent event) {
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        if (context_.directory.findUserByName(user.businessAccount, user.userName))
            return fail(ErrorCode::Conflict, "a user with that userName already exists");
        store::WriteBatch batch;
        batch.putUsers.push_back(user);
        event.data.insert(event.data.begin(),
                          {{"userLocator", user.locator}, {"userName", user.userName}});
        batch.events.push_back(std::move(event));
        return batch;
    });
    TESSERA_TRY(written);
    return context_.directory.findUser(user.locator);
}

Result<UserRef> UserService::change(const Principal& caller, std::string_view locator,
                                    const Edit& edit) {
    std::string key(locator);
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        auto current = find(caller, key);
        TESSERA_TRY(current);
        TESSERA_TRY(checkMayActOn(caller, context_.directory, **current));
        User user = (*current)->user;
        auto event = edit(user, **current);
        TESSERA_TRY(event);
        event->data.insert(event->data.begin(),
                           {{"userLocator", user.locator}, {"userName", user.userName}});
        store::WriteBatch batch;
        batch.putUsers.push_back(std::move(user));
        batch.events.push_back(std::move(*event));
        return batch;
    });
    TESSERA_TRY(written);
    return context_.directory.findUser(key);
}

Result<UserRef> UserService::create(const Principal& caller, const NewUser& request) {
    const auto& ba = caller.businessAccount();
    if (!isValidUserName(request.userName)) {
        return fail(ErrorCode::InvalidRequest, "userName must be email-shaped (name@domain.tld)",
                    {"userName"});
    }
    TESSERA_TRY(validateNames(request.firstName, request.lastName, request.email));
    if (context_.directory.findUserByName(ba, request.userName)) {
        return fail(ErrorCode::Conflict, "a user with that userName already exists");
    }
    auto roles = resolveRoles(context_.directory, ba, request.roles);
    TESSERA_TRY(roles);
    TESSERA_TRY(checkRolesAssignable(caller, context_.directory, *roles));
    auto scope = resolveScope(context_.directory, ba, request.tenants);
    TESSERA_TRY(scope);
    TESSERA_TRY(checkScopeGrantable(caller, context_.directory, *scope));

    User user;
    user.locator = crypto::newUuid(context_.random);
    user.businessAccount = ba;
    user.userName = request.userName;
    user.firstName = request.firstName;
    user.lastName = request.lastName;
    user.email = request.email.empty() ? request.userName : request.email;
    user.serviceAccount = request.serviceAccount;
    for (const auto& role : *roles) appendUnique(user.roleLocators, role->locator);
    user.tenants = scopeTexts(*scope);
    user.createdAt = context_.clock.now();
    if (request.password) {
        auto hash =
            hashAcceptablePassword(hasher_, passwordPolicy(caller), user, *request.password);
        TESSERA_TRY(hash);
        user.passwordHash = *hash;
        user.credentials.passwordChangedAt = user.createdAt;
        user.credentials.temporaryPassword = request.temporaryPassword;
    }
    user.enabled = request.password.has_value() || request.enable;
    return saveNew(user, auditEvent("auth.user.create", ba,
                                    {{"roles", auditList(request.roles)},
                                     {"tenants", auditList(user.tenants)},
                                     {"serviceAccount", user.serviceAccount ? "true" : "false"}}));
}

Result<UserRef> UserService::update(const Principal& caller, std::string_view locator,
                                    const UserChanges& changes, UserEdit edit) {
    TESSERA_TRY(validateNames(changes.firstName, changes.lastName, changes.email.value_or("")));
    return change(caller, locator, [&](User& user, const UserEntry&) -> Result<AuditEvent> {
        auto scope = resolveScope(context_.directory, user.businessAccount, changes.tenants);
        TESSERA_TRY(scope);
        auto newTenants = scopeTexts(*scope);
        std::vector<std::string> newRoles = user.roleLocators;
        if (changes.roles) {
            auto roles = resolveRoles(context_.directory, user.businessAccount, *changes.roles);
            TESSERA_TRY(roles);
            newRoles.clear();
            for (const auto& role : *roles) appendUnique(newRoles, role->locator);
        }
        bool grantsChange = newTenants != user.tenants || newRoles != user.roleLocators;
        if (edit == UserEdit::Profile && grantsChange) {
            return fail(ErrorCode::Forbidden,
                        "you may change your own names and email only; tenants and roles need "
                        "users.update");
        }
        if (grantsChange) {
            TESSERA_TRY(checkScopeGrantable(caller, context_.directory, *scope));
            std::vector<std::shared_ptr<const Role>> touched;
            auto lacks = [](const std::vector<std::string>& list, const std::string& value) {
                return std::find(list.begin(), list.end(), value) == list.end();
            };
            for (const auto& roleLocator : newRoles) {
                if (auto role = context_.directory.findRole(roleLocator);
                    role && lacks(user.roleLocators, roleLocator))
                    touched.push_back(role);
            }
            for (const auto& roleLocator : user.roleLocators) {
                if (auto role = context_.directory.findRole(roleLocator);
                    role && lacks(newRoles, roleLocator))
                    touched.push_back(role);
            }
            TESSERA_TRY(checkRolesAssignable(caller, context_.directory, touched));
        }
        user.firstName = changes.firstName;
        user.lastName = changes.lastName;
        if (changes.email) user.email = *changes.email;
        user.tenants = std::move(newTenants);
        user.roleLocators = std::move(newRoles);
        return auditEvent(
            "auth.user.update", user.businessAccount,
            {{"roles", auditList(roleNames(user))}, {"tenants", auditList(user.tenants)}});
    });
}

Result<UserRef> UserService::changeRoles(const Principal& caller, std::string_view locator,
                                         const std::vector<std::string>& add,
                                         const std::vector<std::string>& remove) {
    return change(caller, locator, [&](User& user, const UserEntry&) -> Result<AuditEvent> {
        auto added = resolveRoles(context_.directory, user.businessAccount, add);
        TESSERA_TRY(added);
        auto removed = resolveRoles(context_.directory, user.businessAccount, remove);
        TESSERA_TRY(removed);
        auto touched = *added;
        touched.insert(touched.end(), removed->begin(), removed->end());
        TESSERA_TRY(checkRolesAssignable(caller, context_.directory, touched));
        for (const auto& role : *removed) std::erase(user.roleLocators, role->locator);
        for (const auto& role : *added) appendUnique(user.roleLocators, role->locator);
        return auditEvent("auth.user.roles", user.businessAccount,
                          {{"addRoles", auditList(add)}, {"removeRoles", auditList(remove)}});
    });
}

Result<UserRef> UserService::changeTenants(const Principal& caller, std::string_view locator,
                                           const std::vector<std::string>& add,
                                           const std::vector<std::string>& remove) {
    std::vector<std::string> removedTexts, invalid;
    for (const auto& text : remove) {
        auto entry = parseScopeEntry(text);
        if (!entry)
            invalid.push_back(text);
        else
            removedTexts.push_back(entry->text());
    }
    if (!invalid.empty()) {
        return fail(ErrorCode::InvalidRequest,
                    "tenant entries must be a tenant locator, any, type:test or type:production",
                    invalid);
    }
    return change(caller, locator, [&](User& user, const UserEntry&) -> Result<AuditEvent> {
        auto added = resolveScope(context_.directory, user.businessAccount, add);
        TESSERA_TRY(added);
        TESSERA_TRY(checkScopeGrantable(caller, context_.directory, *added));
        for (const auto& text : removedTexts) std::erase(user.tenants, text);
        for (const auto& entry : *added) appendUnique(user.tenants, entry.text());
        return auditEvent("auth.user.tenants", user.businessAccount,
                          {{"addTenants", auditList(add)}, {"removeTenants", auditList(remove)}});
    });
}

Result<UserRef> UserService::setEnabled(const Principal& caller, std::string_view locator,
                                        bool enabled) {
    return change(caller, locator, [&](User& user, const UserEntry&) -> Result<AuditEvent> {
        if (!enabled && user.locator == caller.account().locator)
            return fail(ErrorCode::Conflict, "you cannot disable yourself");
        user.enabled = enabled;
        return auditEvent(enabled ? "auth.user.enable" : "auth.user.disable", user.businessAccount);
    });
}

PasswordPolicy UserService::passwordPolicy(const Principal& caller) const {
    auto account = context_.directory.findBusinessAccount(caller.businessAccount());
    return account ? account->passwordPolicy : PasswordPolicy{};
}

Result<void> UserService::updatePasswordPolicy(const Principal& caller,
                                               const PasswordPolicy& policy) {
    if (auto valid = validatePasswordPolicy(policy); !valid) return valid;
    return changeBusinessAccount(
        context_.writer, context_.directory, caller.businessAccount(),
        [&](BusinessAccount& account) { account.passwordPolicy = policy; },
        auditEvent(
            "auth.policy.password.update", "",
            {{"length", std::to_string(policy.minLength)},
             {"maxLength", std::to_string(policy.maxLength)},
             {"uppercase", std::to_string(policy.uppercase)},
             {"lowercase", std::to_string(policy.lowercase)},
             {"digits", std::to_string(policy.digits)},
             {"specialChars", std::to_string(policy.specialChars)},
             {"passwordHistory", std::to_string(policy.passwordHistory)},
             {"forceExpiredPasswordChange", std::to_string(policy.forceExpiredPasswordChange)}}));
}

Result<void> UserService::remove(const Principal& caller, std::string_view locator) {
    std::string key(locator);
    return context_.writer.write([&]() -> Result<store::WriteBatch> {
        auto found = find(caller, key);
        TESSERA_TRY(found);
        if ((*found)->user.locator == caller.account().locator)
            return fail(ErrorCode::Conflict, "you cannot delete yourself");
        TESSERA_TRY(checkMayActOn(caller, context_.directory, **found));
        store::WriteBatch batch;
        // USR-1: its tokens and sessions go with it (listed so the change log names them).
        for (const auto& token : context_.directory.tokensOf(key)) {
            batch.deleteTokens.push_back(token->token.locator);
            // AUD-2: a service account's integrations lose their tokens with it.
            if ((*found)->user.serviceAccount)
                batch.notifications.push_back(
                    tokenNotification("token.deleted", tokenFacts(token->token, (*found)->user)));
        }
        for (const auto& session : context_.directory.sessionsOf(key))
            batch.deleteSessions.push_back(session->id);
        batch.deleteUsers.push_back(key);
        batch.events.push_back(
            auditEvent("auth.user.delete", (*found)->user.businessAccount,
                       {{"userLocator", key}, {"userName", (*found)->user.userName}}));
        return batch;
    });
}

}  // namespace tessera::service
