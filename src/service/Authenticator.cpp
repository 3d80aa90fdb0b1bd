#include "service/Authenticator.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "crypto/Jws.h"
#include "crypto/PatFormat.h"

namespace tessera::service {
namespace {

std::unexpected<Error> unauthenticated(std::string message) {
    return std::unexpected(Error{ErrorCode::Unauthenticated, std::move(message)});
}

}  // namespace

Authenticator::Authenticator(const Directory& directory, const crypto::KeyedHash& keyedHash,
                             const SigningKeys& signingKeys, const Clock& clock,
                             std::string publicUrl)
    : directory_(directory),
      keyedHash_(keyedHash),
      signingKeys_(signingKeys),
      clock_(clock),
      publicUrl_(std::move(publicUrl)) {}

bool Authenticator::knowsBusinessAccount(std::string_view name) const {
    return directory_.findBusinessAccount(name) != nullptr;
}

std::string Authenticator::issuerFor(std::string_view businessAccount) const {
    return publicUrl_ + "/auth/realms/" + std::string(businessAccount);
}

Result<Principal> Authenticator::authenticate(std::string_view authorization,
                                              const domain::ClientAddress& client) {
    if (authorization.empty()) return unauthenticated("a bearer credential is required");
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() <= kScheme.size() ||
        !std::equal(kScheme.begin(), kScheme.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return unauthenticated("the Authorization header must use the Bearer scheme");
    }
    auto bearer = authorization.substr(kScheme.size());
    while (!bearer.empty() && bearer.front() == ' ') bearer.remove_prefix(1);
    while (!bearer.empty() && bearer.back() == ' ') bearer.remove_suffix(1);
    return authenticateBearer(bearer, client);
}

Result<Principal> Authenticator::authenticateBearer(std::string_view bearer,
                                                    const domain::ClientAddress& client) {
    if (bearer.starts_with(crypto::kPatPrefix)) return authenticatePat(bearer, &client);
    return authenticateJwt(bearer);
}

Result<Principal> Authenticator::inspect(std::string_view bearer) {
    if (bearer.starts_with(crypto::kPatPrefix)) return authenticatePat(bearer, nullptr);
    return authenticateJwt(bearer);
}

Result<Principal> Authenticator::authenticatePat(std::string_view value,
                                                 const domain::ClientAddress* client) {
    // PAT-10: a malformed value is rejected without any lookup.
    if (!crypto::hasPatFormat(value))
        return unauthenticated("the token is not a valid Tessera token");
    auto token = directory_.findTokenByHash(keyedHash_(value));
    if (!token) return unauthenticated("the token is not valid (unknown or deleted)");
    auto now = clock_.now();
    if (token->token.isExpired(now)) return unauthenticated("the token has expired");
    auto owner = directory_.findUser(token->token.ownerLocator);
    if (!owner || !owner->user.enabled)
        return unauthenticated("the token's owner is disabled or deleted");
    if (client) {
        // PAT-12, on a use only: introspection reports the networks for the resource server.
        if (!token->token.allowedNetworks.empty() &&
            (!client->address ||
             !domain::anyContains(token->token.allowedNetworks, *client->address))) {
            return fail(ErrorCode::NetworkNotAllowed,
                        "this token may not be used from this client's network: its allowed "
                        "networks were fixed when it was created");
        }
        directory_.recordTokenUse(token, now, client->text);
    }
    Principal principal;
    principal.method = AuthMethod::Pat;
    principal.user = std::move(owner);
    principal.credentialExpiresAt = token->token.expiresAt;
    principal.token = std::move(token);
    return principal;
}

Result<VerifiedJwt> Authenticator::verifyJwt(std::string_view value) const {
    // The current key, then keys retired while tokens they signed may still be live.
    const auto& keys = signingKeys_.get();
    auto verified = crypto::verifyJws(value, *keys.current);
    for (const auto& old : keys.retired) {
        if (verified || verified.error() != crypto::JwsError::UnknownKey) break;
        if (old.verifiesUntil > clock_.now()) verified = crypto::verifyJws(value, *old.key);
    }
    if (!verified) return unauthenticated("the access token is not valid");
    boost::system::error_code ec;
    auto claims = boost::json::parse(*verified, ec);
    if (ec || !claims.is_object()) return unauthenticated("the access token is not valid");
    const auto& object = claims.as_object();
    auto text = [&](std::string_view name) -> std::string {
        auto found = object.if_contains(name);
        return found && found->is_string() ? std::string(found->as_string()) : std::string();
    };
    auto exp = object.if_contains("exp");
    auto businessAccount = text("ba");
    if (!exp || !exp->is_int64() || text("jti").empty() || text("sub").empty() ||
        text("iss") != issuerFor(businessAccount) || text("aud") != "tessera") {
        return unauthenticated("the access token is not valid");
    }
    return VerifiedJwt{text("jti"), text("sub"),
                       domain::Timestamp{std::chrono::seconds{exp->as_int64()}}};
}

Result<Principal> Authenticator::authenticateJwt(std::string_view value) {
    auto cached = verifiedJwts_.find(value);
    if (!cached) {
        // A signature is checked once per token and thread; later requests hit the cache.
        auto verified = verifyJwt(value);
        TESSERA_TRY(verified);
        cached = std::make_shared<const VerifiedJwt>(std::move(*verified));
        verifiedJwts_.insert(value, cached);
    }
    const VerifiedJwt& jwt = *cached;
    if (jwt.expiresAt <= clock_.now()) return unauthenticated("the access token has expired");
    auto session = directory_.findSession(jwt.sessionId);
    if (!session || session->userLocator != jwt.userLocator) {
        return unauthenticated("the session has ended");
    }
    auto user = directory_.findUser(jwt.userLocator);
    if (!user || !user->user.enabled) return unauthenticated("the user is disabled or deleted");
    Principal principal;
    principal.method = AuthMethod::Jwt;
    principal.user = std::move(user);
    principal.sessionId = jwt.sessionId;
    principal.credentialExpiresAt = jwt.expiresAt;
    return principal;
}

void Authenticator::forgetVerifiedTokens() {
    verifiedJwts_.clear();
}

}  // namespace tessera::service
