#include "domain/SamlAssertion.h"

#include <algorithm>

namespace tessera::domain {

Result<void> checkSamlAssertion(const SamlAssertion& assertion, const SamlExpectations& expected) {
    auto refuse = [](std::string why) {
        return fail(ErrorCode::Unauthenticated, "the SAML response is not acceptable: " + why);
    };
    auto skew = std::chrono::seconds(expected.skewSeconds);
    if (assertion.statusCode != "urn:oasis:names:tc:SAML:2.0:status:Success")
        return refuse("the identity provider did not sign you in");
    if (!assertion.responseDestination.empty() && assertion.responseDestination != expected.acsUrl)
        return refuse("it is addressed to another service (Destination)");
    if (!expected.idpEntityId.empty() && assertion.issuer != expected.idpEntityId)
        return refuse("it comes from another issuer");
    if (std::find(assertion.audiences.begin(), assertion.audiences.end(), expected.spEntityId) ==
        assertion.audiences.end())
        return refuse("it is meant for another audience");
    if (assertion.notBefore && expected.now + skew < *assertion.notBefore)
        return refuse("it is not valid yet");
    if (!assertion.notOnOrAfter || expected.now - skew >= *assertion.notOnOrAfter)
        return refuse("it has expired");
    if (assertion.subjectNotOnOrAfter && expected.now - skew >= *assertion.subjectNotOnOrAfter)
        return refuse("its subject confirmation has expired");
    if (!assertion.subjectRecipient.empty() && assertion.subjectRecipient != expected.acsUrl)
        return refuse("its subject is confirmed for another recipient");
    auto inResponseTo = assertion.responseInResponseTo.empty() ? assertion.subjectInResponseTo
                                                               : assertion.responseInResponseTo;
    if (inResponseTo != expected.requestId)
        return refuse("it does not answer this sign-in (InResponseTo)");
    if (assertion.nameId.empty() && assertion.email.empty()) return refuse("it names nobody");
    return {};
}

}  // namespace tessera::domain
