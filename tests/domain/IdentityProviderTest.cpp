#include <gtest/gtest.h>

#include "domain/IdentityProvider.h"

namespace tessera::domain {
namespace {

// JWT-4 / issue 6: providers are reached over https only; plain http only on loopback (tests).
TEST(IdentityProvider, JWT4_ProviderUrlsMustBeHttpsExceptLoopback) {
    for (auto [url, acceptable] : std::vector<std::pair<std::string, bool>>{
             {"https://login.example.com/.well-known/openid-configuration", true},
             {"http://127.0.0.1:8080/.well-known/openid-configuration", true},
             {"http://[::1]:9000/x", true},
             {"http://login.example.com/", false},
             {"http://127.0.0.1.evil.example/", false},
             {"ftp://127.0.0.1/", false},
             {"https://", false},
             {"", false}}) {
        EXPECT_EQ(isAcceptableProviderUrl(url), acceptable) << url;
    }
}

TEST(IdentityProvider, JWT4_IdsAreShortLowerCaseNames) {
    for (auto [id, valid] :
         std::vector<std::pair<std::string, bool>>{{"okta", true},
                                                   {"azure-ad-2", true},
                                                   {std::string(63, 'a'), true},
                                                   {"", false},
                                                   {"Okta", false},
                                                   {"a b", false},
                                                   {"a/b", false},
                                                   {std::string(64, 'a'), false}}) {
        EXPECT_EQ(validateIdentityProviderId(id).has_value(), valid) << id;
    }
}

}  // namespace
}  // namespace tessera::domain
