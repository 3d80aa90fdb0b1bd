#include "service/SessionService.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/Base62.h"
#include "crypto/Ids.h"
#include "crypto/Jws.h"

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
    auto now = clock_.now();
    auto userKey = std::string(businessAccount) + "\n" + lowerCase(userName);
    if (auto wait = throttle_.blocked(userKey, clientAddress, now)) {
        return std::unexpected(
            Error{ErrorCode::RateLimited,
                  "too many failed logins; try again in " + std::to_string(wait->count()) + " s",
                  {},
                  int(wait->count())});
    }
    auto user = directory_.findUserByName(businessAccount, userName);
    if (!user) {
        hasher_.verifyDummy(password);  // same time as a real check (JWT-3)
        throttle_.recordFailure(userKey, clientAddress, now);
        return invalidGrant(kInvalid);
    }
    bool valid = hasher_.verify(user->user.passwordHash, password);
    if (!valid || !user->user.enabled || user->user.serviceAccount) {
        throttle_.recordFailure(userKey, clientAddress, now);
        return invalidGrant(kInvalid);
    }
    throttle_.recordSuccess(userKey);
    Session session;
    session.id = crypto::newUlid(random_, std::chrono::system_clock::now());
    session.userLocator = user->user.locator;
    session.businessAccount = user->user.businessAccount;
    session.createdAt = clock_.now();
    return issue(*user, std::move(session),
                 std::string(kRefreshPrefix) + crypto::randomBase62(random_, 43));
}

Result<SessionTokens> SessionService::refresh(std::string_view businessAccount,
                                              std::string_view refreshToken) {
    auto hash = keyedHash_(refreshToken);
    auto session = directory_.findSessionByRefresh(hash);
    if (!session) {
        // Reuse detection: a rotated-away refresh token presented again was copied by someone;
        // the whole session ends, for the thief and the owner alike.
        if (auto reused = directory_.findSessionByRetiredRefresh(hash)) {
            auto ended = writer_.write([&]() -> Result<store::WriteBatch> {
                store::WriteBatch batch;
                batch.deleteSessions.push_back(reused->id);
                return batch;
            });
            if (!ended) return std::unexpected(ended.error());
            return invalidGrant("the refresh token was already used; the session has been ended");
        }
        return invalidGrant("the refresh token is not valid");
    }
    if (session->businessAccount != businessAccount || session->refreshExpiresAt <= clock_.now()) {
        return invalidGrant("the refresh token is not valid");
    }
    auto user = directory_.findUser(session->userLocator);
    if (!user || !user->user.enabled) return invalidGrant("the refresh token is not valid");
    // Rotation: the presented refresh token stops working once this one is issued.
    constexpr size_t kRetiredKept = 50;
    Session rotated = *session;
    rotated.retiredRefreshHashes.push_back(session->refreshHash);
    if (rotated.retiredRefreshHashes.size() > kRetiredKept) {
        rotated.retiredRefreshHashes.erase(rotated.retiredRefreshHashes.begin());
    }
    return issue(*user, std::move(rotated),
                 std::string(kRefreshPrefix) + crypto::randomBase62(random_, 43));
}

Result<SessionTokens> SessionService::issue(const UserEntry& user, Session session,
                                            std::string refreshToken) {
    auto now = clock_.now();
    session.refreshHash = keyedHash_(refreshToken);
    session.refreshExpiresAt = now + lifetimes_.refreshToken;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.putSessions.push_back(session);
        return batch;
    });
    if (!written) return std::unexpected(written.error());

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
    tokens.accessToken = crypto::signJws(signingKey_, boost::json::serialize(claims));
    tokens.expiresIn = lifetimes_.accessToken.count();
    tokens.refreshToken = std::move(refreshToken);
    tokens.refreshExpiresIn = lifetimes_.refreshToken.count();
    return tokens;
}

Result<void> SessionService::logout(std::string_view businessAccount, std::string_view token) {
    std::string sessionId;
    if (auto byRefresh = directory_.findSessionByRefresh(keyedHash_(token))) {
        sessionId = byRefresh->id;
    } else {
        auto principal = authenticator_.authenticateBearer(token, "");
        if (principal && principal->method == AuthMethod::Jwt) sessionId = principal->sessionId;
    }
    auto session = directory_.findSession(sessionId);
    if (!session || session->businessAccount != businessAccount) return {};
    return writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.deleteSessions.push_back(sessionId);
        return batch;
    });
}

Result<void> SessionService::revokeAll(std::string_view userLocator) {
    return writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        for (const auto& session : directory_.sessionsOf(userLocator))
            batch.deleteSessions.push_back(session->id);
        return batch;
    });
}

Result<size_t> SessionService::pruneExpired() {
    size_t pruned = 0;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        for (const auto& session : directory_.expiredSessions(clock_.now()))
            batch.deleteSessions.push_back(session->id);
        pruned = batch.deleteSessions.size();
        return batch;
    });
    if (!written) return std::unexpected(written.error());
    return pruned;
}

}  // namespace tessera::service
