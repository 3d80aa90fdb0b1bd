#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "crypto/PatFormat.h"
#include "http/Handlers.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"

namespace tessera::http {

namespace {

// OAuth 2.0 error responses (RFC 6749 section 5.2) rather than Problem Details: OIDC clients
// read `error` and `error_description`.
HttpResponse oauthError(int status, std::string_view error, std::string_view description,
                        boost::json::object extra = {}) {
    extra["error"] = error;
    extra["error_description"] = description;
    auto response = jsonResponse(extra, status);
    response.header("Cache-Control", "no-store");
    return response;
}

// The store is out of reach for now (RFC 6749 section 4.1.2.1's temporarily_unavailable).
HttpResponse unavailable(const Error& error) {
    auto response = oauthError(503, "temporarily_unavailable", error.message);
    response.header("Retry-After", "1");
    return response;
}

bool realmExists(RequestContext& context) {
    return context.api.authenticator.knowsBusinessAccount(context.param("ba"));
}

std::string field(const QueryFields& fields, std::string_view name) {
    return queryValue(fields, name).value_or("");
}

// The form of a request to a realm's OAuth endpoint from the one client there is (`tessera`, a
// public client), or the OAuth error that refuses it.
std::expected<QueryFields, HttpResponse> readClientForm(RequestContext& context) {
    if (!realmExists(context))
        return std::unexpected(
            oauthError(404, "invalid_request", "no such business account (realm)"));
    auto form = parseFormBody(context.request);
    if (!form) return std::unexpected(oauthError(400, "invalid_request", form.error().message));
    auto clientId = field(*form, "client_id");
    if (!clientId.empty() && clientId != "tessera")
        return std::unexpected(oauthError(401, "invalid_client", "unknown client_id"));
    return std::move(*form);
}

}  // namespace

Result<HttpResponse> handleTokenEndpoint(RequestContext& context) {
    auto form = readClientForm(context);
    if (!form) return std::move(form.error());
    auto grantType = field(*form, "grant_type");
    Result<service::SessionTokens> tokens = std::unexpected(Error{ErrorCode::InvalidGrant, ""});
    if (grantType == "password") {
        auto userName = field(*form, "username");
        auto password = field(*form, "password");
        if (userName.empty() || password.empty()) {
            return oauthError(400, "invalid_request", "username and password are required");
        }
        tokens = context.api.sessions.loginWithPassword(context.param("ba"), userName, password,
                                                        context.request.clientIp);
    } else if (grantType == "refresh_token") {
        auto refreshToken = field(*form, "refresh_token");
        if (refreshToken.empty())
            return oauthError(400, "invalid_request", "refresh_token is required");
        tokens = context.api.sessions.refresh(context.param("ba"), refreshToken);
    } else if (grantType == "authorization_code") {
        // The one-time code the console got after an SSO login (JWT-4).
        auto code = field(*form, "code");
        if (code.empty()) return oauthError(400, "invalid_request", "code is required");
        auto grant = context.api.sso.redeem(context.param("ba"), code);
        if (!grant) return oauthError(400, "invalid_grant", grant.error().message);
        tokens = context.api.sessions.loginWithIdentityProvider(
            context.param("ba"), grant->userLocator, grant->providerId);
    } else if (grantType.empty()) {
        return oauthError(400, "invalid_request", "grant_type is required");
    } else {
        return oauthError(400, "unsupported_grant_type",
                          "grant_type must be password, refresh_token or authorization_code");
    }
    if (grantType == "password" && context.api.metrics) {
        context.api.metrics->recordLogin(tokens ? LoginOutcome::Success
                                         : tokens.error().code == ErrorCode::RateLimited
                                             ? LoginOutcome::Locked
                                             : LoginOutcome::Failure);
    }
    if (!tokens) {
        if (tokens.error().code == ErrorCode::InvalidGrant) {
            return oauthError(400, "invalid_grant", tokens.error().message);
        }
        if (tokens.error().code == ErrorCode::PasswordChangeRequired) {
            // Still an OAuth error for OIDC clients; `code` and the endpoint tell a client that
            // knows Tessera what to do (JWT-3).
            return oauthError(
                400, "invalid_grant", tokens.error().message,
                {{"code", "password_change_required"},
                 {"password_change_endpoint",
                  context.api.authenticator.issuerFor(context.param("ba")) + "/password"}});
        }
        if (tokens.error().code == ErrorCode::RateLimited) {
            auto response = oauthError(429, "invalid_grant", tokens.error().message);
            response.header("Retry-After",
                            std::to_string(std::max(1, tokens.error().retryAfterSeconds)));
            return response;
        }
        if (tokens.error().code == ErrorCode::Unavailable) return unavailable(tokens.error());
        return oauthError(500, "server_error", "the login could not be completed");
    }
    boost::json::object body{{"access_token", tokens->accessToken},
                             {"token_type", "Bearer"},
                             {"expires_in", tokens->expiresIn},
                             {"refresh_token", tokens->refreshToken},
                             {"refresh_expires_in", tokens->refreshExpiresIn}};
    auto response = jsonResponse(body);
    response.header("Cache-Control", "no-store");
    response.header("Pragma", "no-cache");
    return response;
}

Result<HttpResponse> handleDiscovery(RequestContext& context) {
    if (!realmExists(context))
        return problem(ErrorCode::NotFound, "no such business account (realm)");
    auto issuer = context.api.authenticator.issuerFor(context.param("ba"));
    boost::json::object body{
        {"issuer", issuer},
        {"token_endpoint", issuer + "/protocol/openid-connect/token"},
        {"jwks_uri", issuer + "/protocol/openid-connect/certs"},
        {"end_session_endpoint", issuer + "/protocol/openid-connect/logout"},
        {"grant_types_supported",
         boost::json::array{"password", "refresh_token", "authorization_code"}},
        {"response_types_supported", boost::json::array{"token"}},
        {"subject_types_supported", boost::json::array{"public"}},
        {"id_token_signing_alg_values_supported", boost::json::array{"ES256"}},
        {"token_endpoint_auth_methods_supported", boost::json::array{"none"}},
        // OIDC Core 5.3, RFC 7009 and RFC 7662 (RFC 8414 names the last two).
        {"userinfo_endpoint", issuer + "/protocol/openid-connect/userinfo"},
        {"revocation_endpoint", issuer + "/protocol/openid-connect/revoke"},
        {"revocation_endpoint_auth_methods_supported", boost::json::array{"none"}},
        // Authorized by a bearer token holding users.read (RFC 7662 section 2.1), which is no
        // client authentication method: introspection_endpoint_auth_methods_supported is left out.
        {"introspection_endpoint", context.api.publicUrl + "/auth/introspect"},
        {"scopes_supported", boost::json::array{"openid"}},
        {"claims_supported",
         boost::json::array{"sub", "iss", "aud", "exp", "iat", "jti", "ba", "preferred_username",
                            "name", "given_name", "family_name", "email"}},
    };
    return jsonResponse(body);
}

// OIDC Core section 5.3: the claims of the bearer's user. The credential must come from this
// realm (business account): another realm's token is not valid here.
Result<HttpResponse> handleUserinfo(RequestContext& context) {
    const auto& user = context.caller().account();
    if (user.businessAccount != context.param("ba"))
        return fail(ErrorCode::Unauthenticated, "the token was not issued for this realm");
    boost::json::object body{
        {"sub", user.locator}, {"preferred_username", user.userName}, {"ba", user.businessAccount}};
    auto name = user.firstName;
    if (!user.firstName.empty() && !user.lastName.empty()) name += ' ';
    name += user.lastName;
    if (!name.empty()) body["name"] = name;
    if (!user.firstName.empty()) body["given_name"] = user.firstName;
    if (!user.lastName.empty()) body["family_name"] = user.lastName;
    if (!user.email.empty()) body["email"] = user.email;
    auto response = jsonResponse(body);
    response.header("Cache-Control", "no-store");
    return response;
}

// RFC 7009: ends the session of a refresh token or an access token. A token that is unknown,
// expired or already revoked is answered 200 as well (section 2.2), so the answer tells nothing
// about it.
Result<HttpResponse> handleRevoke(RequestContext& context) {
    auto form = readClientForm(context);
    if (!form) return std::move(form.error());
    auto token = field(*form, "token");
    if (token.empty()) return oauthError(400, "invalid_request", "token is required");
    if (crypto::hasPatFormat(token)) {
        return oauthError(400, "unsupported_token_type",
                          "personal access tokens are deleted with DELETE "
                          "/auth/users/tokens/{name}, or reported at /auth/tokens/revoke-leaked");
    }
    auto ended = context.api.sessions.logout(context.param("ba"), token);
    if (!ended) {
        if (ended.error().code == ErrorCode::Unavailable) return unavailable(ended.error());
        return oauthError(500, "server_error", "the token could not be revoked");
    }
    auto response = emptyResponse();
    response.header("Cache-Control", "no-store");
    return response;
}

Result<HttpResponse> handleJwks(RequestContext& context) {
    // Each key's own JWK (public members only) is the single source of what is published: the
    // current key, and retired ones while tokens they signed may still be live.
    boost::json::array keys;
    for (const auto* key : context.api.signingKeys.get().verifying(context.api.clock.now()))
        keys.push_back(boost::json::parse(key->publicJwkJson()));
    return jsonResponse(boost::json::object{{"keys", std::move(keys)}});
}

Result<HttpResponse> handleLogout(RequestContext& context) {
    if (!realmExists(context))
        return oauthError(404, "invalid_request", "no such business account (realm)");
    std::string token;
    if (!context.request.body.empty()) {
        auto form = parseFormBody(context.request);
        if (!form) return oauthError(400, "invalid_request", form.error().message);
        token = field(*form, "refresh_token");
    }
    if (token.empty()) {
        std::string_view authorization = context.request.authorization;
        if (authorization.size() > 7 && authorization.substr(0, 7) == "Bearer ")
            token = authorization.substr(7);
    }
    if (token.empty())
        return oauthError(400, "invalid_request",
                          "a refresh_token or a bearer access token is required");
    auto ended = context.api.sessions.logout(context.param("ba"), token);
    if (!ended) return oauthError(500, "server_error", "the session could not be ended");
    return emptyResponse(204);
}

}  // namespace tessera::http
