#include "service/CredentialService.h"

#include "domain/PasswordLifecycle.h"
#include "service/AuditScope.h"
#include "service/GrantChecks.h"
#include "service/Notifications.h"

namespace tessera::service {

using namespace tessera::domain;

Result<std::string> hashAcceptablePassword(const crypto::PasswordHasher& hasher,
                                           const PasswordPolicy& policy, const User& user,
                                           std::string_view password) {
    auto violations = passwordViolations(policy, password, user.userName, user.email);
    for (const auto& earlier : hashesBarredFromReuse(user.credentials, user.passwordHash, policy)) {
        if (hasher.verify(earlier, password)) {
            violations.push_back("must not be one of the last " +
                                 std::to_string(policy.passwordHistory) + " passwords");
            break;
        }
    }
    if (!violations.empty()) {
        return fail(ErrorCode::InvalidRequest, "the password does not meet the password policy",
                    violations);
    }
    return hasher.hash(password);
}

PasswordPolicy CredentialService::policyOf(std::string_view businessAccount) const {
    auto account = directory_.findBusinessAccount(businessAccount);
    return account ? account->passwordPolicy : PasswordPolicy{};
}

Result<std::shared_ptr<const UserEntry>> CredentialService::target(const Principal& caller,
                                                                   std::string_view locator) const {
    auto user = directory_.findUser(locator);
    if (!user || user->user.businessAccount != caller.businessAccount()) {
        return fail(ErrorCode::NotFound, "no such user");
    }
    return user;
}

Result<void> CredentialService::savePassword(const Principal* actor, const User& user,
                                             const std::string& hash, bool temporary,
                                             std::string eventType) {
    auto policy = policyOf(user.businessAccount);
    auto now = clock_.now();
    return writer_.write([&]() -> Result<store::WriteBatch> {
        auto current = directory_.findUser(user.locator);
        if (!current) return fail(ErrorCode::NotFound, "no such user");
        if (actor) {
            TESSERA_TRY(checkMayActOn(*actor, directory_, *current));
        }
        auto changed = current->user;
        changed.credentials =
            afterPasswordChange(changed.credentials, changed.passwordHash, policy, now, temporary);
        changed.passwordHash = hash;
        store::WriteBatch batch;
        batch.putUsers.push_back(changed);
        // Whoever knew the old password may hold a session: all of them end.
        for (const auto& session : directory_.sessionsOf(changed.locator))
            batch.deleteSessions.push_back(session->id);
        batch.events.push_back(auditEvent(std::move(eventType), changed.businessAccount,
                                          {{"userLocator", changed.locator},
                                           {"userName", changed.userName},
                                           {"temporary", temporary ? "true" : "false"}}));
        return batch;
    });
}

Result<void> CredentialService::resetPassword(const Principal& caller, std::string_view locator,
                                              std::string_view password, bool temporary) {
    auto found = target(caller, locator);
    TESSERA_TRY(found);
    TESSERA_TRY(checkMayActOn(caller, directory_, **found));
    if ((*found)->user.serviceAccount) {
        return fail(ErrorCode::InvalidRequest,
                    "service accounts have no password; they use tokens minted by an admin");
    }
    const auto& user = (*found)->user;
    auto hash = hashAcceptablePassword(hasher_, policyOf(user.businessAccount), user, password);
    TESSERA_TRY(hash);
    return savePassword(&caller, user, *hash, temporary, "auth.user.password.reset");
}

Result<void> CredentialService::changePassword(std::string_view businessAccount,
                                               std::string_view userName,
                                               std::string_view currentPassword,
                                               std::string_view newPassword,
                                               std::string_view clientAddress) {
    auto now = clock_.now();
    auto userKey = std::string(businessAccount) + "\n" + lowerCase(userName);
    auto blocked = throttle_.blocked(userKey, clientAddress, now);
    TESSERA_TRY(blocked);
    if (auto wait = *blocked) {
        return std::unexpected(
            Error{ErrorCode::RateLimited,
                  "too many failed attempts; try again in " + std::to_string(wait->count()) + " s",
                  {},
                  int(wait->count())});
    }
    auto user = directory_.findUserByName(businessAccount, userName);
    bool valid = user ? hasher_.verify(user->user.passwordHash, currentPassword)
                      : (hasher_.verifyDummy(currentPassword), false);
    if (!valid || !user->user.enabled || user->user.serviceAccount) {
        auto locked = throttle_.recordFailure(userKey, clientAddress, now);
        TESSERA_TRY(locked);
        if (user && *locked) {
            // AUD-2: this failure locked the user.
            auto told = writer_.write([&]() -> Result<store::WriteBatch> {
                store::WriteBatch batch;
                batch.notifications.push_back(userLockedNotification(user->user, **locked));
                return batch;
            });
            TESSERA_TRY(told);
        }
        return fail(ErrorCode::InvalidGrant, "invalid user credentials");
    }
    TESSERA_TRY(throttle_.recordSuccess(userKey));
    auto hash = hashAcceptablePassword(hasher_, policyOf(businessAccount), user->user, newPassword);
    TESSERA_TRY(hash);
    return savePassword(nullptr, user->user, *hash, false, "auth.user.password.change");
}

Result<void> CredentialService::removeCredentials(const Principal& caller,
                                                  std::string_view locator) {
    auto found = target(caller, locator);
    TESSERA_TRY(found);
    return writer_.write([&]() -> Result<store::WriteBatch> {
        auto current = directory_.findUser(locator);
        if (!current) return fail(ErrorCode::NotFound, "no such user");
        TESSERA_TRY(checkMayActOn(caller, directory_, *current));
        auto changed = current->user;
        if (!changed.passwordHash.empty())
            changed.credentials.previousPasswordHashes.push_back(changed.passwordHash);
        changed.passwordHash.clear();
        changed.credentials.temporaryPassword = false;
        store::WriteBatch batch;
        batch.putUsers.push_back(changed);
        for (const auto& session : directory_.sessionsOf(changed.locator))
            batch.deleteSessions.push_back(session->id);
        batch.events.push_back(
            auditEvent("auth.user.credentials.delete", changed.businessAccount,
                       {{"userLocator", changed.locator}, {"userName", changed.userName}}));
        return batch;
    });
}

Result<CredentialStatus> CredentialService::status(const Principal& caller,
                                                   std::string_view locator) const {
    auto found = target(caller, locator);
    TESSERA_TRY(found);
    const auto& user = (*found)->user;
    CredentialStatus out;
    out.passwordEnabled = !user.passwordHash.empty();
    out.temporaryPassword = out.passwordEnabled && user.credentials.temporaryPassword;
    out.createdAt = user.createdAt;
    out.passwordChangedAt = user.credentials.passwordChangedAt;
    if (out.passwordEnabled)
        out.passwordExpiresAt = passwordExpiresAt(user.credentials, policyOf(user.businessAccount));
    out.lastSessionStartAt = user.credentials.lastSessionStartAt;
    out.lastSessionLastAccessAt = user.credentials.lastSessionAccessAt;
    return out;
}

}  // namespace tessera::service
