#include "service/UserService.h"

#include <algorithm>

#include "crypto/Ids.h"
#include "domain/PasswordPolicy.h"
#include "service/AuditScope.h"
#include "service/BusinessAccountChange.h"
#include "service/CredentialService.h"
#include "service/GrantChecks.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

Result<void> validateNames(std::string_view firstName, std::string_view lastName) {
    std::vector<std::string> bad;
    auto check = [&](std::string_view value, const char* field) {
        if (value.empty() || value.size() > 200) bad.push_back(field);
    };
    check(firstName, "firstName");
    check(lastName, "lastName");
    if (!bad.empty()) return fail(ErrorCode::InvalidRequest, "must be 1 to 200 characters", bad);
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
    auto user = directory_.findUser(locator);
    if (!user || user->user.businessAccount != caller.businessAccount()) {
        return fail(ErrorCode::NotFound, "no such user");
    }
    return user;
}

std::vector<std::string> UserService::roleNames(const User& user) const {
    std::vector<std::string> names;
    for (const auto& locator : user.roleLocators) {
        if (auto role = directory_.findRole(locator)) names.push_back(role->name);
    }
    return names;
}

Result<UserRef> UserService::save(const User& user, AuditEvent event) {
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        if (auto existing = directory_.findUserByName(user.businessAccount, user.userName);
            existing && existing->user.locator != user.locator) {
            return fail(ErrorCode::Conflict, "a user with that userName already exists");
        }
        store::WriteBatch batch;
        batch.putUsers.push_back(user);
        // Passwords, session times and the PAT limit change elsewhere (CredentialService,
        // logins, operator commands): keep the current ones, as of the catch-up this write just
        // did, rather than the copy this change started from.
        if (auto current = directory_.findUser(user.locator)) {
            batch.putUsers.back().passwordHash = current->user.passwordHash;
            batch.putUsers.back().credentials = current->user.credentials;
            batch.putUsers.back().patLimit = current->user.patLimit;
        }
        event.data.insert(event.data.begin(),
                          {{"userLocator", user.locator}, {"userName", user.userName}});
        batch.events.push_back(std::move(event));
        return batch;
    });
    if (!written) return std::unexpected(written.error());
    return directory_.findUser(user.locator);
}

Result<UserRef> UserService::create(const Principal& caller, const NewUser& request) {
    const auto& ba = caller.businessAccount();
    if (!isValidUserName(request.userName)) {
        return fail(ErrorCode::InvalidRequest, "userName must be email-shaped (name@domain.tld)",
                    {"userName"});
    }
    if (auto names = validateNames(request.firstName, request.lastName); !names) {
        return std::unexpected(names.error());
    }
    if (directory_.findUserByName(ba, request.userName)) {
        return fail(ErrorCode::Conflict, "a user with that userName already exists");
    }
    auto roles = resolveRoles(directory_, ba, request.roles);
    if (!roles) return std::unexpected(roles.error());
    if (auto ok = checkRolesAssignable(caller, directory_, *roles); !ok)
        return std::unexpected(ok.error());
    auto scope = resolveScope(directory_, ba, request.tenants);
    if (!scope) return std::unexpected(scope.error());
    if (auto ok = checkScopeGrantable(caller, directory_, *scope); !ok)
        return std::unexpected(ok.error());

    User user;
    user.locator = crypto::newUuid(random_);
    user.businessAccount = ba;
    user.userName = request.userName;
    user.firstName = request.firstName;
    user.lastName = request.lastName;
    user.email = request.email.empty() ? request.userName : request.email;
    user.serviceAccount = request.serviceAccount;
    for (const auto& role : *roles) appendUnique(user.roleLocators, role->locator);
    user.tenants = scopeTexts(*scope);
    user.createdAt = clock_.now();
    if (request.password) {
        auto hash =
            hashAcceptablePassword(hasher_, passwordPolicy(caller), user, *request.password);
        if (!hash) return std::unexpected(hash.error());
        user.passwordHash = *hash;
        user.credentials.passwordChangedAt = user.createdAt;
        user.credentials.temporaryPassword = request.temporaryPassword;
    }
    user.enabled = request.password.has_value() || request.enable;
    return save(user, auditEvent("auth.user.create", ba,
                                 {{"roles", auditList(request.roles)},
                                  {"tenants", auditList(user.tenants)},
                                  {"serviceAccount", user.serviceAccount ? "true" : "false"}}));
}

Result<UserRef> UserService::update(const Principal& caller, std::string_view locator,
                                    const UserChanges& changes, bool selfService) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if (auto names = validateNames(changes.firstName, changes.lastName); !names) {
        return std::unexpected(names.error());
    }
    User user = (*found)->user;
    auto scope = resolveScope(directory_, user.businessAccount, changes.tenants);
    if (!scope) return std::unexpected(scope.error());
    auto newTenants = scopeTexts(*scope);
    std::vector<std::string> newRoles = user.roleLocators;
    if (changes.roles) {
        auto roles = resolveRoles(directory_, user.businessAccount, *changes.roles);
        if (!roles) return std::unexpected(roles.error());
        newRoles.clear();
        for (const auto& role : *roles) appendUnique(newRoles, role->locator);
    }
    bool grantsChange = newTenants != user.tenants || newRoles != user.roleLocators;
    if (selfService && grantsChange) {
        return fail(ErrorCode::Forbidden,
                    "you may change your own names and email only; tenants and roles need "
                    "users.update");
    }
    if (grantsChange) {
        if (auto ok = checkScopeGrantable(caller, directory_, *scope); !ok)
            return std::unexpected(ok.error());
        std::vector<std::shared_ptr<const Role>> touched;
        for (const auto& roleLocator : newRoles) {
            bool added = std::find(user.roleLocators.begin(), user.roleLocators.end(),
                                   roleLocator) == user.roleLocators.end();
            if (auto role = directory_.findRole(roleLocator); role && added)
                touched.push_back(role);
        }
        for (const auto& roleLocator : user.roleLocators) {
            bool removed =
                std::find(newRoles.begin(), newRoles.end(), roleLocator) == newRoles.end();
            if (auto role = directory_.findRole(roleLocator); role && removed)
                touched.push_back(role);
        }
        if (auto ok = checkRolesAssignable(caller, directory_, touched); !ok)
            return std::unexpected(ok.error());
    }
    user.firstName = changes.firstName;
    user.lastName = changes.lastName;
    if (changes.email) user.email = *changes.email;
    user.tenants = std::move(newTenants);
    user.roleLocators = std::move(newRoles);
    return save(user, auditEvent("auth.user.update", user.businessAccount,
                                 {{"roles", auditList(roleNames(user))},
                                  {"tenants", auditList(user.tenants)}}));
}

Result<UserRef> UserService::changeRoles(const Principal& caller, std::string_view locator,
                                         const std::vector<std::string>& add,
                                         const std::vector<std::string>& remove) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    User user = (*found)->user;
    auto added = resolveRoles(directory_, user.businessAccount, add);
    if (!added) return std::unexpected(added.error());
    auto removed = resolveRoles(directory_, user.businessAccount, remove);
    if (!removed) return std::unexpected(removed.error());
    auto touched = *added;
    touched.insert(touched.end(), removed->begin(), removed->end());
    if (auto ok = checkRolesAssignable(caller, directory_, touched); !ok)
        return std::unexpected(ok.error());
    for (const auto& role : *removed) std::erase(user.roleLocators, role->locator);
    for (const auto& role : *added) appendUnique(user.roleLocators, role->locator);
    return save(user,
                auditEvent("auth.user.roles", user.businessAccount,
                           {{"addRoles", auditList(add)}, {"removeRoles", auditList(remove)}}));
}

Result<UserRef> UserService::changeTenants(const Principal& caller, std::string_view locator,
                                           const std::vector<std::string>& add,
                                           const std::vector<std::string>& remove) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    User user = (*found)->user;
    auto added = resolveScope(directory_, user.businessAccount, add);
    if (!added) return std::unexpected(added.error());
    if (auto ok = checkScopeGrantable(caller, directory_, *added); !ok)
        return std::unexpected(ok.error());
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
    for (const auto& text : removedTexts) std::erase(user.tenants, text);
    for (const auto& entry : *added) appendUnique(user.tenants, entry.text());
    return save(user,
                auditEvent("auth.user.tenants", user.businessAccount,
                           {{"addTenants", auditList(add)}, {"removeTenants", auditList(remove)}}));
}

Result<UserRef> UserService::setEnabled(const Principal& caller, std::string_view locator,
                                        bool enabled) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if (!enabled && (*found)->user.locator == caller.account().locator) {
        return fail(ErrorCode::Conflict, "you cannot disable yourself");
    }
    if (!enabled && (*found)->rights.admin && !actsAsAdmin(caller)) {
        return fail(ErrorCode::Forbidden, "only admins may disable an admin");
    }
    User user = (*found)->user;
    user.enabled = enabled;
    return save(
        user, auditEvent(enabled ? "auth.user.enable" : "auth.user.disable", user.businessAccount));
}

PasswordPolicy UserService::passwordPolicy(const Principal& caller) const {
    auto account = directory_.findBusinessAccount(caller.businessAccount());
    return account ? account->passwordPolicy : PasswordPolicy{};
}

Result<void> UserService::updatePasswordPolicy(const Principal& caller,
                                               const PasswordPolicy& policy) {
    if (auto valid = validatePasswordPolicy(policy); !valid) return valid;
    return changeBusinessAccount(
        writer_, directory_, caller.businessAccount(),
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
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if ((*found)->user.locator == caller.account().locator) {
        return fail(ErrorCode::Conflict, "you cannot delete yourself");
    }
    if ((*found)->rights.admin && !actsAsAdmin(caller)) {
        return fail(ErrorCode::Forbidden, "only admins may delete an admin");
    }
    return writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        // USR-1: its tokens and sessions go with it (listed so the change log names them).
        for (const auto& token : directory_.tokensOf(locator))
            batch.deleteTokens.push_back(token->token.locator);
        for (const auto& session : directory_.sessionsOf(locator))
            batch.deleteSessions.push_back(session->id);
        batch.deleteUsers.push_back(std::string(locator));
        batch.events.push_back(auditEvent(
            "auth.user.delete", (*found)->user.businessAccount,
            {{"userLocator", std::string(locator)}, {"userName", (*found)->user.userName}}));
        return batch;
    });
}

}  // namespace tessera::service
