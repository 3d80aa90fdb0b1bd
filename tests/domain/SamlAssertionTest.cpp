#include <gtest/gtest.h>

#include "domain/SamlAssertion.h"

namespace tessera::domain {
namespace {

Timestamp at(long seconds) {
    return Timestamp{std::chrono::seconds{seconds}};
}

SamlAssertion valid() {
    SamlAssertion assertion;
    assertion.responseDestination = "https://t.example/acs";
    assertion.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Success";
    assertion.issuer = "urn:idp";
    assertion.assertionId = "_a";
    assertion.nameId = "dev@example.com";
    assertion.audiences = {"https://t.example/realm"};
    assertion.notBefore = at(1000);
    assertion.notOnOrAfter = at(1300);
    assertion.subjectNotOnOrAfter = at(1300);
    assertion.subjectRecipient = "https://t.example/acs";
    assertion.subjectInResponseTo = "_req";
    return assertion;
}

// JWT-4: every check of issue 6 item 3 refuses on its own.
TEST(SamlAssertion, JWT4_EachCheckRefusesOnItsOwn) {
    SamlExpectations expected{
        "https://t.example/acs", "https://t.example/realm", "urn:idp", "_req", at(1100), 120};
    ASSERT_TRUE(checkSamlAssertion(valid(), expected));
    struct Case {
        const char* name;
        void (*change)(SamlAssertion&);
        const char* reason;
    };
    for (const auto& c : std::vector<Case>{
             {"status",
              [](SamlAssertion& a) {
                  a.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Requester";
              },
              "did not sign you in"},
             {"destination", [](SamlAssertion& a) { a.responseDestination = "https://evil/acs"; },
              "Destination"},
             {"issuer", [](SamlAssertion& a) { a.issuer = "urn:other"; }, "another issuer"},
             {"audience", [](SamlAssertion& a) { a.audiences = {"urn:someone-else"}; }, "audience"},
             {"not yet valid", [](SamlAssertion& a) { a.notBefore = at(1500); }, "not valid yet"},
             {"expired", [](SamlAssertion& a) { a.notOnOrAfter = at(900); }, "expired"},
             {"no validity", [](SamlAssertion& a) { a.notOnOrAfter.reset(); }, "expired"},
             {"subject expired", [](SamlAssertion& a) { a.subjectNotOnOrAfter = at(900); },
              "subject confirmation"},
             {"recipient", [](SamlAssertion& a) { a.subjectRecipient = "https://evil/acs"; },
              "recipient"},
             {"in response to", [](SamlAssertion& a) { a.subjectInResponseTo = "_other"; },
              "InResponseTo"},
             {"unsolicited", [](SamlAssertion& a) { a.subjectInResponseTo.clear(); },
              "InResponseTo"},
             {"nobody", [](SamlAssertion& a) { a.nameId.clear(); }, "names nobody"},
         }) {
        auto assertion = valid();
        c.change(assertion);
        auto checked = checkSamlAssertion(assertion, expected);
        ASSERT_FALSE(checked) << c.name;
        EXPECT_NE(checked.error().message.find(c.reason), std::string::npos)
            << c.name << ": " << checked.error().message;
    }
}

TEST(SamlAssertion, JWT4_ClockSkewIsTolerated) {
    SamlExpectations expected{
        "https://t.example/acs", "https://t.example/realm", "", "_req", at(1350), 120};
    EXPECT_TRUE(checkSamlAssertion(valid(), expected)) << "50 s after expiry, within the skew";
    expected.now = at(1421);
    EXPECT_FALSE(checkSamlAssertion(valid(), expected));
}

}  // namespace
}  // namespace tessera::domain
