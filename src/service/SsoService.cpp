#include "service/SsoService.h"
#include "service/OidcDiscovery.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/Base62.h"
#include "crypto/Base64Url.h"
#include "crypto/KeyedHash.h"
#include "crypto/SamlXml.h"
#include "service/AuditScope.h"
#include "service/GrantChecks.h"
#include "service/PercentEncoding.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

constexpr auto kLoginLifetime = std::chrono::minutes(10);
constexpr auto kCodeLifetime = std::chrono::seconds(60);
constexpr auto kJwksRefreshInterval = std::chrono::seconds(10);
constexpr std::int64_t kClockSkewSeconds = 60;

std::string stringMember(const boost::json::object& object, const char* name) {
    auto found = object.if_contains(name);
    return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

// Shared through the store, so a login begun on one instance completes on another. Keys are
// digests: a state or one-time code read from the database cannot be replayed.
constexpr std::string_view kPendingLogins = "sso-login";
constexpr std::string_view kOneTimeCodes = "sso-code";
constexpr std::string_view kSeenAssertions = "saml-assertion";

std::string storeKey(std::string_view value) {
    auto digest = crypto::sha256(value);
    return crypto::hexEncode(digest);
}

}  // namespace

std::string SsoService::callbackUrl(std::string_view businessAccount, std::string_view id) const {
    return publicUrl_ + "/auth/realms/" + std::string(businessAccount) + "/sso/" + std::string(id) +
           "/callback";
}

std::string SsoService::acsUrl(std::string_view businessAccount, std::string_view id) const {
    return publicUrl_ + "/auth/realms/" + std::string(businessAccount) + "/sso/" + std::string(id) +
           "/acs";
}

std::string SsoService::entityId(std::string_view businessAccount) const {
    return publicUrl_ + "/auth/realms/" + std::string(businessAccount);
}

Result<IdentityProvider> SsoService::registerOidc(const Principal& caller,
                                                  const OidcRegistration& registration) {
    TESSERA_TRY(validateProviderNames(registration.id, registration.displayName));
    if (registration.clientId.empty() || registration.clientId.size() > 500)
        return fail(ErrorCode::InvalidRequest, "clientId must be 1 to 500 characters",
                    {"clientId"});
    if (registration.clientSecret.empty() || registration.clientSecret.size() > 1000) {
        return fail(ErrorCode::InvalidRequest, "clientSecret must be 1 to 1000 characters",
                    {"clientSecret"});
    }
    if (!isAcceptableProviderUrl(registration.importConfigUrl)) {
        return fail(ErrorCode::InvalidRequest,
                    "importConfigUrl must be an https URL (http only for 127.0.0.1)",
                    {"importConfigUrl"});
    }
    auto unusable = [&](const std::string& why) {
        return fail(ErrorCode::InvalidRequest,
                    "the discovery document at importConfigUrl is unusable: " + why,
                    {"importConfigUrl"});
    };
    auto fetched = fetcher_.get(registration.importConfigUrl);
    if (!fetched) return unusable(fetched.error().message);
    if (fetched->status != 200)
        return unusable("it answered HTTP " + std::to_string(fetched->status));
    auto endpoints = parseDiscoveryDocument(fetched->body, registration.importConfigUrl);
    if (!endpoints) return unusable(endpoints.error().message);
    auto provider =
        newProvider(caller, registration.id, registration.displayName, IdentityProviderType::Oidc);
    provider.issuer = std::move(endpoints->issuer);
    provider.authorizationEndpoint = std::move(endpoints->authorizationEndpoint);
    provider.tokenEndpoint = std::move(endpoints->tokenEndpoint);
    provider.jwksUri = std::move(endpoints->jwksUri);
    auto keys = fetcher_.get(provider.jwksUri);
    if (!keys || keys->status != 200) return unusable("its jwks_uri cannot be fetched");
    if (auto parsed = crypto::JwkSet::parse(keys->body); !parsed)
        return unusable("its JWKS has no usable RS256 or ES256 key");
    provider.clientId = registration.clientId;
    provider.sealedClientSecret = secrets_.seal(registration.clientSecret);

    TESSERA_TRY(save(provider));
    return provider;
}

IdentityProvider SsoService::newProvider(const Principal& caller, const std::string& id,
                                         const std::string& displayName,
                                         IdentityProviderType type) const {
    IdentityProvider provider;
    provider.businessAccount = caller.businessAccount();
    provider.id = id;
    provider.displayName = displayName;
    provider.type = type;
    provider.createdAt = context_.clock.now();
    return provider;
}

Result<void> SsoService::save(const IdentityProvider& provider) {
    return context_.writer.write([&]() -> Result<store::WriteBatch> {
        auto existing = context_.writer.store().listIdentityProviders(provider.businessAccount);
        TESSERA_TRY(existing);
        for (const auto& other : *existing) {
            if (other.id == provider.id)
                return fail(ErrorCode::Conflict,
                            "an identity provider '" + provider.id + "' exists");
        }
        store::WriteBatch batch;
        batch.putIdentityProviders.push_back(provider);
        bool oidc = provider.type == IdentityProviderType::Oidc;
        batch.events.push_back(
            auditEvent("auth.identityProvider.create", provider.businessAccount,
                       {{"providerId", provider.id},
                        {"type", oidc ? "oidc" : "saml"},
                        {"issuer", oidc ? provider.issuer : provider.idpEntityId}}));
        return batch;
    });
}

Result<IdentityProvider> SsoService::registerSaml(const Principal& caller,
                                                  const SamlRegistration& registration) {
    TESSERA_TRY(validateProviderNames(registration.id, registration.displayName));
    auto provider =
        newProvider(caller, registration.id, registration.displayName, IdentityProviderType::Saml);
    provider.singleSignOnServiceUrl = registration.singleSignOnServiceUrl;
    if (!registration.metadataUrl.empty()) {
        if (!isAcceptableProviderUrl(registration.metadataUrl)) {
            return fail(ErrorCode::InvalidRequest,
                        "metadataUrl must be an https URL (http only for 127.0.0.1)",
                        {"metadataUrl"});
        }
        auto fetched = fetcher_.get(registration.metadataUrl);
        if (!fetched || fetched->status != 200) {
            return fail(ErrorCode::InvalidRequest,
                        "the metadata at metadataUrl cannot be fetched" +
                            (fetched ? " (HTTP " + std::to_string(fetched->status) + ")"
                                     : ": " + fetched.error().message),
                        {"metadataUrl"});
        }
        auto metadata = crypto::parseSamlIdpMetadata(fetched->body);
        TESSERA_TRY(metadata);
        provider.idpEntityId = metadata->entityId;
        provider.signingCertificatePem = metadata->certificatePem;
        if (provider.singleSignOnServiceUrl.empty())
            provider.singleSignOnServiceUrl = metadata->singleSignOnServiceUrl;
    } else if (!registration.signingCertificate.empty()) {
        auto pem = crypto::normalizeCertificate(registration.signingCertificate);
        TESSERA_TRY(pem);
        provider.signingCertificatePem = *pem;
    } else {
        return fail(ErrorCode::InvalidRequest,
                    "give metadataUrl or signingCertificate: the response signature must be "
                    "checked against something",
                    {"metadataUrl", "signingCertificate"});
    }
    if (!isAcceptableProviderUrl(provider.singleSignOnServiceUrl)) {
        return fail(ErrorCode::InvalidRequest,
                    "singleSignOnServiceUrl must be an https URL (http only for 127.0.0.1)",
                    {"singleSignOnServiceUrl"});
    }
    TESSERA_TRY(save(provider));
    return provider;
}

Result<std::vector<IdentityProvider>> SsoService::list(std::string_view businessAccount) const {
    return context_.writer.store().listIdentityProviders(businessAccount);
}

Result<IdentityProvider> SsoService::find(std::string_view businessAccount,
                                          std::string_view id) const {
    auto all = list(businessAccount);
    TESSERA_TRY(all);
    for (auto& provider : *all) {
        if (provider.id == id) return std::move(provider);
    }
    return fail(ErrorCode::NotFound, "no identity provider '" + std::string(id) + "'");
}

Result<void> SsoService::remove(const Principal& caller, std::string_view id) {
    auto found = find(caller.businessAccount(), id);
    TESSERA_TRY(found);
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.deleteIdentityProviders.emplace_back(found->businessAccount, found->id);
        batch.events.push_back(auditEvent("auth.identityProvider.delete", found->businessAccount,
                                          {{"providerId", found->id}}));
        return batch;
    });
    if (!written) return written;
    std::lock_guard lock(mutex_);
    keys_.erase(found->businessAccount + "/" + found->id);
    // Logins already under way through it end too: completing one finds the provider again.
    return {};
}

Result<std::string> SsoService::beginLogin(std::string_view businessAccount, std::string_view id) {
    auto provider = find(businessAccount, id);
    TESSERA_TRY(provider);
    bool saml = provider->type == IdentityProviderType::Saml;
    // For SAML the nonce is the AuthnRequest ID, which must not start with a digit.
    PendingLogin login{provider->businessAccount, provider->id,
                       (saml ? "_" : "") + crypto::randomBase62(context_.random, 32),
                       crypto::randomBase62(context_.random, 64)};
    auto state = crypto::randomBase62(context_.random, 32);
    auto digest = crypto::sha256(login.codeVerifier);
    auto challenge = crypto::base64UrlEncode(std::span<const std::uint8_t>(digest));
    // The PKCE verifier and nonce are sealed: the database alone cannot finish a login.
    auto sealed = secrets_.seal(
        boost::json::serialize(boost::json::object{{"businessAccount", login.businessAccount},
                                                   {"providerId", login.providerId},
                                                   {"nonce", login.nonce},
                                                   {"codeVerifier", login.codeVerifier}}));
    auto now = context_.clock.now();
    auto stored = context_.writer.store().putTransient(kPendingLogins, storeKey(state), sealed,
                                                       now + kLoginLifetime, now);
    TESSERA_TRY(stored);
    if (!*stored) return fail(ErrorCode::Internal, "the login state collided; start again");
    if (saml) {
        // SP-initiated, HTTP-Redirect binding; RelayState carries the state.
        auto request = crypto::samlRedirectRequest(
            login.nonce, formatTimestamp(context_.clock.now()), provider->singleSignOnServiceUrl,
            acsUrl(businessAccount, id), entityId(businessAccount));
        auto url = provider->singleSignOnServiceUrl;
        url += url.find('?') == std::string::npos ? '?' : '&';
        return url + "SAMLRequest=" + percentEncode(request) + "&RelayState=" + state;
    }
    auto url = provider->authorizationEndpoint;
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += "response_type=code&scope=openid%20email%20profile&client_id=" +
           percentEncode(provider->clientId) +
           "&redirect_uri=" + percentEncode(callbackUrl(businessAccount, id)) + "&state=" + state +
           "&nonce=" + login.nonce + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    return url;
}

Result<std::shared_ptr<const crypto::JwkSet>> SsoService::keysOf(const IdentityProvider& provider,
                                                                 bool refresh) {
    auto key = provider.businessAccount + "/" + provider.id;
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto cached = keys_.find(key);
        if (cached != keys_.end()) {
            // An unknown kid refreshes the set, at most once per interval per provider.
            bool mayRefresh = now - cached->second.fetchedAt >= kJwksRefreshInterval;
            if (!refresh || !mayRefresh) return cached->second.keys;
        }
    }
    auto fetched = fetcher_.get(provider.jwksUri);
    if (!fetched || fetched->status != 200)
        return fail(ErrorCode::Unavailable, "the identity provider's keys cannot be fetched");
    auto parsed = crypto::JwkSet::parse(fetched->body);
    if (!parsed) return fail(ErrorCode::Unavailable, "the identity provider's keys are unusable");
    auto keys = std::make_shared<const crypto::JwkSet>(std::move(*parsed));
    std::lock_guard lock(mutex_);
    keys_[key] = CachedKeys{keys, now};
    return keys;
}

Result<std::string> SsoService::verifyIdToken(const IdentityProvider& provider,
                                              std::string_view idToken, const std::string& nonce) {
    auto keys = keysOf(provider, false);
    TESSERA_TRY(keys);
    auto payload = (*keys)->verify(idToken);
    if (!payload && payload.error() == crypto::JwsError::UnknownKey) {
        keys = keysOf(provider, true);
        TESSERA_TRY(keys);
        payload = (*keys)->verify(idToken);
    }
    auto invalid = [](std::string why) {
        return fail(ErrorCode::Unauthenticated, "the identity provider's ID token " + why);
    };
    if (!payload) return invalid("has no valid signature");
    boost::system::error_code ec;
    auto claims = boost::json::parse(*payload, ec);
    if (ec || !claims.is_object()) return invalid("is malformed");
    const auto& object = claims.as_object();
    if (stringMember(object, "iss") != provider.issuer) return invalid("is from another issuer");
    bool audience = false;
    if (auto aud = object.if_contains("aud")) {
        if (aud->is_string()) audience = aud->as_string() == provider.clientId;
        if (aud->is_array()) {
            for (const auto& entry : aud->as_array())
                audience |= entry.is_string() && entry.as_string() == provider.clientId;
        }
    }
    if (!audience) return invalid("is for another client");
    auto now = context_.clock.now().time_since_epoch().count();
    auto exp = object.if_contains("exp");
    if (!exp || !exp->is_int64() || exp->as_int64() + kClockSkewSeconds < now)
        return invalid("has expired");
    if (auto iat = object.if_contains("iat");
        iat && iat->is_int64() && iat->as_int64() > now + kClockSkewSeconds)
        return invalid("is from the future");
    if (stringMember(object, "nonce") != nonce)
        return invalid("does not answer this login (nonce)");
    return std::move(*payload);
}

namespace {

std::string issuerOf(const IdentityProvider& provider) {
    return provider.type == IdentityProviderType::Saml ? provider.idpEntityId : provider.issuer;
}

}  // namespace

Result<std::shared_ptr<const UserEntry>> SsoService::mapToUser(const IdentityProvider& provider,
                                                               const std::string& claimsJson) {
    const auto& businessAccount = provider.businessAccount;
    auto claims = boost::json::parse(claimsJson).as_object();
    SsoLink identity{provider.id, issuerOf(provider), stringMember(claims, "sub")};
    if (identity.subject.empty())
        return fail(ErrorCode::Unauthenticated, "the identity provider named no subject");
    auto userName = stringMember(claims, "preferred_username");
    auto email = stringMember(claims, "email");
    // Only the JSON boolean true: "false", 0, "true" or a missing claim prove nothing.
    auto verified = claims.if_contains("email_verified");
    bool emailVerified = verified && verified->is_bool() && verified->as_bool();
    std::string who = !userName.empty() ? userName : !email.empty() ? email : identity.subject;

    std::shared_ptr<const UserEntry> user;
    for (const auto& candidate : context_.directory.usersOf(businessAccount)) {
        const auto& links = candidate->user.ssoLinks;
        if (std::find(links.begin(), links.end(), identity) != links.end()) user = candidate;
    }
    bool linked = user != nullptr;
    if (!user && !userName.empty())
        user = context_.directory.findUserByName(businessAccount, userName);
    if (!user && !email.empty() && emailVerified) {
        std::vector<std::shared_ptr<const UserEntry>> withEmail;
        for (const auto& candidate : context_.directory.usersOf(businessAccount)) {
            if (lowerCase(candidate->user.email) == lowerCase(email))
                withEmail.push_back(candidate);
        }
        if (withEmail.size() > 1) {
            return fail(ErrorCode::Forbidden, "more than one user has the email '" + email +
                                                  "'; an admin must make it unique first");
        }
        if (!withEmail.empty()) user = withEmail.front();
    }
    if (!user) {
        return fail(ErrorCode::Forbidden, "no user of this business account matches '" + who +
                                              "'; an admin must create the user first");
    }
    if (!linked) {
        // A user already linked to another identity at this provider is that identity's alone.
        for (const auto& existing : user->user.ssoLinks) {
            if (existing.providerId == identity.providerId && existing.issuer == identity.issuer)
                return fail(ErrorCode::Forbidden,
                            "the user '" + user->user.userName +
                                "' is linked to another identity at this provider");
        }
    }
    if (!user->user.enabled)
        return fail(ErrorCode::Forbidden, "the user '" + who + "' is disabled");
    if (user->user.serviceAccount)
        return fail(ErrorCode::Forbidden, "service accounts cannot log in through SSO");
    if (!linked) {
        TESSERA_TRY(link(provider, *user, identity));
    }
    return user;
}

Result<void> SsoService::link(const IdentityProvider& provider, const UserEntry& user,
                              const SsoLink& identity) {
    return context_.writer.write([&]() -> Result<store::WriteBatch> {
        auto current = context_.directory.findUser(user.user.locator);
        if (!current) return fail(ErrorCode::Forbidden, "the user no longer exists");
        for (const auto& other : context_.directory.usersOf(provider.businessAccount)) {
            const auto& links = other->user.ssoLinks;
            if (std::find(links.begin(), links.end(), identity) != links.end() &&
                other->user.locator != current->user.locator)
                return fail(ErrorCode::Conflict, "this identity is already linked to another user");
        }
        // Decided again on the state this write commits against: a concurrent first login (here
        // or on another instance) may have linked the user meanwhile.
        for (const auto& existing : current->user.ssoLinks) {
            if (existing == identity) return store::WriteBatch{};  // linked already: nothing to do
            if (existing.providerId == identity.providerId && existing.issuer == identity.issuer)
                return fail(ErrorCode::Forbidden, "the user '" + current->user.userName +
                                                      "' is linked to another identity at this "
                                                      "provider");
        }
        auto changed = current->user;
        changed.ssoLinks.push_back(identity);
        store::WriteBatch batch;
        batch.putUsers.push_back(std::move(changed));
        batch.events.push_back(auditEvent("auth.user.sso.link", provider.businessAccount,
                                          {{"userLocator", current->user.locator},
                                           {"userName", current->user.userName},
                                           {"provider", provider.id}}));
        return batch;
    });
}

void SsoService::recordFailure(const IdentityProvider& provider, std::string reason,
                               std::string subject) {
    auto event = auditEvent("auth.login.failure", provider.businessAccount,
                            {{"provider", provider.id},
                             {"reason", std::move(reason)},
                             {"userName", std::move(subject)}});
    event.actorMethod = "sso";
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.events.push_back(event);
        return batch;
    });
    (void)written;
}

Result<SsoService::PendingLogin> SsoService::takePending(std::string_view businessAccount,
                                                         std::string_view id,
                                                         std::string_view state) {
    auto unknown = [] {
        return fail(ErrorCode::Unauthenticated,
                    "this sign-in is unknown, expired or already used (state); start again");
    };
    // One use: whichever instance takes it first.
    auto taken = context_.writer.store().takeTransient(kPendingLogins, storeKey(state),
                                                       context_.clock.now());
    TESSERA_TRY(taken);
    if (!*taken) return unknown();
    auto opened = secrets_.open(**taken);
    if (!opened) return unknown();
    boost::system::error_code ec;
    auto value = boost::json::parse(*opened, ec);
    if (ec || !value.is_object()) return unknown();
    const auto& object = value.as_object();
    PendingLogin login{stringMember(object, "businessAccount"), stringMember(object, "providerId"),
                       stringMember(object, "nonce"), stringMember(object, "codeVerifier")};
    if (login.businessAccount != businessAccount || login.providerId != id) return unknown();
    return login;
}

Result<std::string> SsoService::issueCode(const IdentityProvider& provider, const UserEntry& user) {
    auto oneTime = crypto::randomBase62(context_.random, 43);
    auto now = context_.clock.now();
    auto stored = context_.writer.store().putTransient(
        kOneTimeCodes, storeKey(oneTime),
        boost::json::serialize(boost::json::object{{"businessAccount", provider.businessAccount},
                                                   {"userLocator", user.user.locator},
                                                   {"providerId", provider.id}}),
        now + kCodeLifetime, now);
    TESSERA_TRY(stored);
    if (!*stored) return fail(ErrorCode::Internal, "the one-time code collided; sign in again");
    return oneTime;
}

Result<std::string> SsoService::completeSaml(std::string_view businessAccount, std::string_view id,
                                             std::string_view samlResponse,
                                             std::string_view relayState) {
    auto login = takePending(businessAccount, id, relayState);
    TESSERA_TRY(login);
    auto provider = find(businessAccount, id);
    if (!provider || provider->type != IdentityProviderType::Saml)
        return fail(ErrorCode::NotFound, "the identity provider no longer exists");
    auto assertion = crypto::readSignedSamlResponse(samlResponse, provider->signingCertificatePem);
    if (!assertion) {
        recordFailure(*provider, "invalid_saml_response", "");
        return std::unexpected(assertion.error());
    }
    SamlExpectations expected{acsUrl(businessAccount, id), entityId(businessAccount),
                              provider->idpEntityId, login->nonce, context_.clock.now()};
    if (auto acceptable = checkSamlAssertion(*assertion, expected); !acceptable) {
        recordFailure(*provider, "invalid_saml_response", "");
        return std::unexpected(acceptable.error());
    }
    {
        // An assertion is accepted once, however it arrives and at whichever instance.
        auto key = provider->businessAccount + "/" + provider->id + "/" + assertion->assertionId;
        auto now = context_.clock.now();
        auto first = context_.writer.store().putTransient(kSeenAssertions, storeKey(key), "1",
                                                          now + kLoginLifetime, now);
        TESSERA_TRY(first);
        if (!*first) {
            return fail(ErrorCode::Unauthenticated,
                        "the SAML response is not acceptable: it was already used");
        }
    }
    // SAML asserts no email verification: the NameID is the subject and the user name.
    boost::json::object claims{{"sub", assertion->nameId},
                               {"preferred_username", assertion->nameId},
                               {"email", assertion->email}};
    auto user = mapToUser(*provider, boost::json::serialize(claims));
    if (!user) {
        recordFailure(*provider, "no_matching_user", assertion->nameId);
        return std::unexpected(user.error());
    }
    return issueCode(*provider, **user);
}

Result<std::string> SsoService::completeOidc(std::string_view businessAccount, std::string_view id,
                                             std::string_view state, std::string_view code) {
    auto pending = takePending(businessAccount, id, state);
    TESSERA_TRY(pending);
    const auto& login = *pending;
    auto provider = find(businessAccount, id);
    if (!provider) return fail(ErrorCode::NotFound, "the identity provider no longer exists");
    if (code.empty()) {
        recordFailure(*provider, "provider_refused", "");
        return fail(ErrorCode::Unauthenticated, "the identity provider did not sign you in");
    }
    auto secret = secrets_.open(provider->sealedClientSecret);
    TESSERA_TRY(secret);
    auto exchanged = fetcher_.postForm(provider->tokenEndpoint,
                                       {{"grant_type", "authorization_code"},
                                        {"code", std::string(code)},
                                        {"redirect_uri", callbackUrl(businessAccount, id)},
                                        {"code_verifier", login.codeVerifier}},
                                       provider->clientId, *secret);
    TESSERA_TRY(exchanged);
    boost::system::error_code ec;
    auto response = boost::json::parse(exchanged->body, ec);
    auto* object = ec ? nullptr : response.if_object();
    auto idToken = object ? stringMember(*object, "id_token") : std::string();
    if (exchanged->status != 200 || idToken.empty()) {
        recordFailure(*provider, "code_exchange_failed", "");
        return fail(ErrorCode::Unauthenticated,
                    "the identity provider refused the sign-in code (used twice or expired?)");
    }
    auto claims = verifyIdToken(*provider, idToken, login.nonce);
    if (!claims) {
        recordFailure(*provider, "invalid_id_token", "");
        return std::unexpected(claims.error());
    }
    auto user = mapToUser(*provider, *claims);
    if (!user) {
        recordFailure(*provider, "no_matching_user", "");
        return std::unexpected(user.error());
    }
    return issueCode(*provider, **user);
}

Result<SsoGrant> SsoService::redeem(std::string_view businessAccount, std::string_view code) {
    auto unknown = [] {
        return fail(ErrorCode::InvalidGrant, "the code is unknown, expired or already used");
    };
    auto taken =
        context_.writer.store().takeTransient(kOneTimeCodes, storeKey(code), context_.clock.now());
    TESSERA_TRY(taken);
    if (!*taken) return unknown();
    boost::system::error_code ec;
    auto value = boost::json::parse(**taken, ec);
    if (ec || !value.is_object()) return unknown();
    const auto& object = value.as_object();
    if (stringMember(object, "businessAccount") != businessAccount) return unknown();
    return SsoGrant{stringMember(object, "userLocator"), stringMember(object, "providerId")};
}

}  // namespace tessera::service
