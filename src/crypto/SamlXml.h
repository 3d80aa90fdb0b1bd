#pragma once

#include <string>
#include <string_view>

#include "domain/Error.h"
#include "domain/SamlAssertion.h"

namespace tessera::crypto {

// SAML 2.0 messages (JWT-4) with libxml2 and xmlsec.

// Parses a base64 SAMLResponse and verifies its XML signature with the registered certificate
// before reading anything: exactly one Assertion, unique IDs, one same-document reference that
// names the signed element, and that element is the Response or its Assertion (no wrapping).
// Documents with a DOCTYPE are refused (no entities, no network).
Result<domain::SamlAssertion> readSignedSamlResponse(std::string_view base64Response,
                                                     std::string_view certificatePem);

// The SAMLRequest value of the HTTP-Redirect binding: DEFLATE + base64 of an AuthnRequest.
std::string samlRedirectRequest(std::string_view requestId, std::string_view issueInstant,
                                std::string_view destination, std::string_view acsUrl,
                                std::string_view spEntityId);

struct SamlIdpMetadata {
    std::string entityId;
    std::string singleSignOnServiceUrl;  // HTTP-Redirect binding
    std::string certificatePem;
};
Result<SamlIdpMetadata> parseSamlIdpMetadata(std::string_view xml);

// A certificate given as PEM or bare base64 DER, as PEM once it parses as X.509.
Result<std::string> normalizeCertificate(std::string_view text);

// The service provider's metadata for the provider's administrator.
std::string samlSpMetadata(std::string_view entityId, std::string_view acsUrl);

}  // namespace tessera::crypto
