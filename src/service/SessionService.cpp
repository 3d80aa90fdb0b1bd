#include "service/SessionService.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/Base62.h"
#include "crypto/Ids.h"
#include "crypto/Jws.h"
#include "domain/PasswordLifecycle.h"
#include "service/AuditScope.h"
#include "service/Notifications.h"

#include <spdlog/spdlog.h>

namespace tessera::service {

using namespace tessera::domain;

namespace {

constexpr std::string_view kRefreshPrefix = "tsrr_";

std::unexpected<Error> invalidGrant(std::string message) {
    return std::unexpected(Error{ErrorCode::InvalidGrant, std::move(message)});
}

boost::json::array toArray(const std::vector<std::string>& items) {
    boost::json::array out;
    for (const auto& item : items) out.emplace_back(item);
    return out;
}

}  // namespace

Result<SessionTokens> SessionService::loginWithPassword(std::string_view businessAccount,
                                                        std::string_view userName,
                                                        std::string_view password,
                                                        std::string_view clientAddress) {
    constexpr auto kInvalid = "invalid user credentials";
    auto now = context_.clock.now();
    auto userKey = std::string(businessAccount) + "\n" + lowerCase(userName);
    auto blocked = throttle_.blocked(userKey, clientAddress, now);
    TESSERA_TRY(blocked);
    if (auto wait = *blocked) {
        // Logged, not stored: a flood of locked attempts must not become a flood of writes.
        auto event = auditEvent("auth.login.failure", std::string(businessAccount),
                                {{"userName", std::string(userName)}, {"reason", "locked"}});
        event.actorMethod = "password";
        context_.writer.logOnly(std::move(event));
        return std::unexpected(
            Error{ErrorCode::RateLimited,
                  "too many failed logins; try again in " + std::to_string(wait->count()) + " s",
                  {},
                  int(wait->count())});
    }
    auto user = context_.directory.findUserByName(businessAccount, userName);
    if (!user) {
        hasher_.verifyDummy(password);  // same time as a real check (JWT-3)
        TESSERA_TRY(throttle_.recordFailure(userKey, clientAddress, now));
        recordLoginFailure(businessAccount, userName, nullptr, "invalid_credentials", {});
        return invalidGrant(kInvalid);
    }
    bool valid = hasher_.verify(user->user.passwordHash, password);
    if (!valid || !user->user.enabled || user->user.serviceAccount) {
        auto locked = throttle_.recordFailure(userKey, clientAddress, now);
        TESSERA_TRY(locked);
        recordLoginFailure(businessAccount, userName, &user->user,
                           !valid                ? "invalid_credentials"
                           : !user->user.enabled ? "user_disabled"
                                                 : "service_account",
                           *locked);
        return invalidGrant(kInvalid);
    }
    TESSERA_TRY(throttle_.recordSuccess(userKey));
    // JWT-3: the right password, but it must be changed first (only now is that safe to say).
    auto account = context_.directory.findBusinessAccount(businessAccount);
    auto change = passwordChangeRequired(user->user.credentials,
                                         account ? account->passwordPolicy : PasswordPolicy{}, now);
    if (change != PasswordChange::NotRequired) {
        recordLoginFailure(businessAccount, userName, &user->user, "password_change_required", {});
        return fail(ErrorCode::PasswordChangeRequired,
                    change == PasswordChange::Temporary
                        ? "the password is temporary and must be changed before logging in"
                        : "the password has expired and must be changed before logging in");
    }
    return startSession(*user, {});
}

void SessionService::recordLoginFailure(std::string_view businessAccount, std::string_view userName,
                                        const User* user, std::string_view reason,
                                        std::optional<Timestamp> lockedUntil) {
    auto event = auditEvent("auth.login.failure", std::string(businessAccount),
                            {{"userName", std::string(userName)}, {"reason", std::string(reason)}});
    if (user) event.actorLocator = user->locator;
    event.actorMethod = "password";
    if (!context_.directory.findBusinessAccount(businessAccount)) {
        // Nobody can read events of a business account that does not exist: log only.
        context_.writer.logOnly(std::move(event));
        return;
    }
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.events.push_back(event);
        // AUD-2: the failure that locked a user (once per lockout).
        if (user && lockedUntil)
            batch.notifications.push_back(userLockedNotification(*user, *lockedUntil));
        return batch;
    });
    if (!written) spdlog::warn("recording a failed login failed: {}", written.error().message);
}

Result<SessionTokens> SessionService::refresh(std::string_view businessAccount,
                                              std::string_view refreshToken) {
    auto hash = keyedHash_(refreshToken);
    auto session = context_.directory.findSessionByRefresh(hash);
    if (!session) {
        // Reuse detection: a rotated-away refresh token presented again was copied by someone;
        // the whole session ends, for the thief and the owner alike.
        if (auto reused = context_.directory.findSessionByRetiredRefresh(hash)) {
            auto ended = context_.writer.write([&]() -> Result<store::WriteBatch> {
                store::WriteBatch batch;
                batch.deleteSessions.push_back(reused->id);
                auto event =
                    auditEvent("auth.session.reuse", reused->businessAccount,
                               {{"sessionId", reused->id}, {"userLocator", reused->userLocator}});
                event.actorLocator = reused->userLocator;
                event.actorMethod = "refresh_token";
                batch.events.push_back(std::move(event));
                return batch;
            });
            TESSERA_TRY(ended);
            return invalidGrant("the refresh token was already used; the session has been ended");
        }
        return invalidGrant("the refresh token is not valid");
    }
    if (session->businessAccount != businessAccount ||
        session->refreshExpiresAt <= context_.clock.now()) {
        return invalidGrant("the refresh token is not valid");
    }
    auto user = context_.directory.findUser(session->userLocator);
    if (!user || !user->user.enabled) return invalidGrant("the refresh token is not valid");
    // Rotation: the presented refresh token stops working once this one is issued.
    constexpr size_t kRetiredKept = 50;
    Session rotated = *session;
    rotated.retiredRefreshHashes.push_back(session->refreshHash);
    if (rotated.retiredRefreshHashes.size() > kRetiredKept) {
        rotated.retiredRefreshHashes.erase(rotated.retiredRefreshHashes.begin());
    }
    return issue(*user, std::move(rotated),
                 std::string(kRefreshPrefix) + crypto::randomBase62(context_.random, 43), false);
}

Result<SessionTokens> SessionService::loginWithIdentityProvider(std::string_view businessAccount,
                                                                std::string_view userLocator,
                                                                std::string_view providerId) {
    auto user = context_.directory.findUser(userLocator);
    if (!user || user->user.businessAccount != businessAccount || !user->user.enabled ||
        user->user.serviceAccount) {
        return invalidGrant("the user can no longer log in");
    }
    return startSession(*user, providerId);
}

Result<SessionTokens> SessionService::startSession(const UserEntry& user,
                                                   std::string_view providerId) {
    Session session;
    session.id = crypto::newUlid(context_.random, std::chrono::system_clock::now());
    session.userLocator = user.user.locator;
    session.businessAccount = user.user.businessAccount;
    session.createdAt = context_.clock.now();
    return issue(user, std::move(session),
                 std::string(kRefreshPrefix) + crypto::randomBase62(context_.random, 43), true,
                 providerId);
}

Result<SessionTokens> SessionService::issue(const UserEntry& user, Session session,
                                            std::string refreshToken, bool newSession,
                                            std::string_view providerId) {
    auto now = context_.clock.now();
    session.refreshHash = keyedHash_(refreshToken);
    session.refreshExpiresAt = now + lifetimes_.refreshToken;
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        // The user as it is now, not as it was when the password check began.
        auto current = context_.directory.findUser(user.user.locator);
        if (!current || !current->user.enabled) return invalidGrant("invalid user credentials");
        store::WriteBatch batch;
        batch.putSessions.push_back(session);
        batch.sessionTouches.push_back(
            {current->user.locator, newSession ? std::optional(now) : std::nullopt, now});
        if (newSession) {
            auto event =
                auditEvent("auth.login.success", session.businessAccount,
                           {{"userName", current->user.userName}, {"sessionId", session.id}});
            event.actorLocator = current->user.locator;
            event.actorMethod = providerId.empty() ? "password" : "sso";
            if (!providerId.empty()) event.data.emplace_back("provider", std::string(providerId));
            batch.events.push_back(std::move(event));
        }
        return batch;
    });
    TESSERA_TRY(written);

    boost::json::object claims;
    claims["iss"] = authenticator_.issuerFor(user.user.businessAccount);
    claims["sub"] = user.user.locator;
    claims["aud"] = "tessera";
    claims["iat"] = now.time_since_epoch().count();
    claims["exp"] = (now + lifetimes_.accessToken).time_since_epoch().count();
    claims["jti"] = session.id;
    claims["ba"] = user.user.businessAccount;
    claims["preferred_username"] = user.user.userName;
    // A snapshot for other services; Tessera itself re-checks current rights (JWT-2).
    claims["permissions"] = toArray(user.rights.permissions.toStrings());
    claims["tenants"] = toArray(user.rights.scope.toStrings());
    SessionTokens tokens;
    tokens.accessToken =
        crypto::signJws(*signingKeys_.get().current, boost::json::serialize(claims));
    tokens.expiresIn = lifetimes_.accessToken.count();
    tokens.refreshToken = std::move(refreshToken);
    tokens.refreshExpiresIn = lifetimes_.refreshToken.count();
    return tokens;
}

Result<void> SessionService::logout(std::string_view businessAccount, std::string_view token) {
    std::string sessionId;
    if (auto byRefresh = context_.directory.findSessionByRefresh(keyedHash_(token))) {
        sessionId = byRefresh->id;
    } else {
        // Inspected, not used: a PAT given here records no use (and ends no session).
        auto principal = authenticator_.inspect(token);
        if (principal && principal->method == AuthMethod::Jwt) sessionId = principal->sessionId;
    }
    auto session = context_.directory.findSession(sessionId);
    if (!session || session->businessAccount != businessAccount) return {};
    return context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.deleteSessions.push_back(sessionId);
        auto event =
            auditEvent("auth.logout", session->businessAccount, {{"sessionId", sessionId}});
        event.actorLocator = session->userLocator;
        event.actorMethod = "session";
        batch.events.push_back(std::move(event));
        return batch;
    });
}

Result<void> SessionService::revokeAll(std::string_view userLocator) {
    return context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        for (const auto& session : context_.directory.sessionsOf(userLocator))
            batch.deleteSessions.push_back(session->id);
        auto user = context_.directory.findUser(userLocator);
        if (!user) return batch;
        batch.events.push_back(
            auditEvent("auth.session.revoke", user->user.businessAccount,
                       {{"userLocator", user->user.locator},
                        {"userName", user->user.userName},
                        {"sessions", std::to_string(batch.deleteSessions.size())}}));
        return batch;
    });
}

Result<size_t> SessionService::pruneExpired() {
    size_t pruned = 0;
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        for (const auto& session : context_.directory.expiredSessions(context_.clock.now()))
            batch.deleteSessions.push_back(session->id);
        pruned = batch.deleteSessions.size();
        return batch;
    });
    TESSERA_TRY(written);
    return pruned;
}

}  // namespace tessera::service
