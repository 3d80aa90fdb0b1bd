#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/Error.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// What a verified SAML response says (JWT-4): read from the XML only after its signature was
// checked against the provider's registered certificate.
struct SamlAssertion {
    std::string responseDestination;  // empty when the response names none
    std::string responseInResponseTo;
    std::string statusCode;
    std::string issuer;
    std::string assertionId;
    std::string nameId;
    std::string email;  // an email attribute, if any
    std::vector<std::string> audiences;
    std::optional<Timestamp> notBefore;
    std::optional<Timestamp> notOnOrAfter;
    std::optional<Timestamp> subjectNotOnOrAfter;
    std::string subjectRecipient;
    std::string subjectInResponseTo;
};

struct SamlExpectations {
    std::string acsUrl;
    std::string spEntityId;
    std::string idpEntityId;  // empty: not checked (certificate registered without metadata)
    std::string requestId;    // the AuthnRequest this login sent
    Timestamp now{};
    int skewSeconds = 120;
};

// Destination, status, issuer, audience, validity window, recipient and InResponseTo; names the
// first check that fails.
Result<void> checkSamlAssertion(const SamlAssertion& assertion, const SamlExpectations& expected);

}  // namespace tessera::domain
