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
