#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/Error.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

enum class IdentityProviderType { Oidc, Saml };

std::string_view identityProviderTypeName(IdentityProviderType type);

// JWT-4: an identity provider registered by a business account; people log in through it as an
// existing, enabled user of that business account.
struct IdentityProvider {
    std::string businessAccount;
    std::string id;  // [a-z0-9-]{1,63}, unique per business account
    std::string displayName;
    IdentityProviderType type = IdentityProviderType::Oidc;
    Timestamp createdAt{};
    // OIDC: from the validated discovery document at registration.
    std::string issuer;
    std::string authorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
    std::string clientId;
    std::string sealedClientSecret;  // SecretBox; never returned or logged
    // SAML
    std::string singleSignOnServiceUrl;
    std::string idpEntityId;
    std::string signingCertificatePem;
};

Result<void> validateIdentityProviderId(std::string_view id);
Result<void> validateDisplayName(std::string_view displayName);
// Both of the above, the first failure reported.
Result<void> validateProviderNames(std::string_view id, std::string_view displayName);

// https everywhere; plain http only for the loopback address (tests and local providers).
bool isAcceptableProviderUrl(std::string_view url);

}  // namespace tessera::domain
