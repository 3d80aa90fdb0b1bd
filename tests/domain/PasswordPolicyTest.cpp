#include <gtest/gtest.h>

#include "domain/PasswordPolicy.h"

namespace tessera::domain {
namespace {

// JWT-3 with Socotra's defaults: 16-64 characters, one of each class, not the user name.
TEST(PasswordPolicy, JWT3_NamesEveryViolation) {
    PasswordPolicy policy;
    struct Case {
        const char* password;
        size_t violations;
    };
    for (const auto& c : std::vector<Case>{
             {"Long-Enough-Passw0rd", 0},
             {"Sh0rt-!", 1},
             {"alllowercaseletterslong", 3},
             {"ALLUPPERCASE-12345", 1},
             {"NoDigitsHere-Really", 1},
             {"NoSpecialChars12345", 1},
             {"", 5},
         }) {
        EXPECT_EQ(
            passwordViolations(policy, c.password, "user@example.com", "user@example.com").size(),
            c.violations)
            << c.password;
    }
    std::string tooLong = "Aa1-" + std::string(61, 'x');
    EXPECT_EQ(passwordViolations(policy, tooLong, "", "").size(), 1u);
    EXPECT_EQ(passwordViolations(policy, "User@Example.com1", "user@example.com1", "").size(), 1u);
}

}  // namespace
}  // namespace tessera::domain

namespace tessera::domain {
namespace {

TEST(PasswordPolicy, JWT3_ValidatesAnAdminsChangesNamingEachField) {
    EXPECT_TRUE(validatePasswordPolicy(PasswordPolicy{}));
    struct Case {
        PasswordPolicy policy;
        std::vector<std::string> bad;
    };
    auto with = [](auto change) {
        PasswordPolicy policy;
        change(policy);
        return policy;
    };
    for (const auto& c : std::vector<Case>{
             {with([](auto& p) { p.minLength = 4; }), {"length"}},
             {with([](auto& p) { p.maxLength = 10; }), {"maxLength"}},
             {with([](auto& p) { p.digits = -1; }), {"digits"}},
             {with([](auto& p) { p.passwordHistory = 99; }), {"passwordHistory"}},
             {with([](auto& p) { p.forceExpiredPasswordChange = -5; }),
              {"forceExpiredPasswordChange"}},
             {with([](auto& p) {
                  p.minLength = 8;
                  p.maxLength = 8;
                  p.uppercase = 3;
                  p.lowercase = 3;
                  p.digits = 3;
              }),
              {"maxLength"}},
         }) {
        auto result = validatePasswordPolicy(c.policy);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().offending, c.bad);
    }
}

}  // namespace
}  // namespace tessera::domain
