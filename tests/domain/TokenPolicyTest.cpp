#include <gtest/gtest.h>

#include "domain/TokenPolicy.h"

namespace tessera::domain {
namespace {

Timestamp day(int n) {
    return Timestamp{std::chrono::days{n}};
}

// PAT-8 extension: a business account may require an expiry and bound the lifetime.
TEST(TokenPolicy, PAT8_RequireExpiryAndMaximumLifetime) {
    auto now = day(100);
    struct Case {
        const char* name;
        TokenPolicy policy;
        std::optional<Timestamp> expiresAt;
        bool allowed;
    };
    for (const auto& c : std::vector<Case>{
             {"default allows never", {}, std::nullopt, true},
             {"default allows far", {}, day(5000), true},
             {"required, none given", {true, std::nullopt}, std::nullopt, false},
             {"required, given", {true, std::nullopt}, day(5000), true},
             {"bounded implies required", {false, 30}, std::nullopt, false},
             {"within the bound", {false, 30}, day(129), true},
             {"exactly the bound", {false, 30}, day(130), true},
             {"beyond the bound", {false, 30}, day(131), false},
         }) {
        auto result = checkTokenPolicy(c.policy, c.expiresAt, now);
        EXPECT_EQ(result.has_value(), c.allowed) << c.name;
        if (!result) {
            EXPECT_EQ(result.error().offending, std::vector<std::string>{"expiresAt"});
        }
    }
}

TEST(TokenPolicy, PAT8_PolicyFieldsInRange) {
    for (auto [days, valid] : std::vector<std::pair<std::optional<int>, bool>>{{std::nullopt, true},
                                                                               {1, true},
                                                                               {3650, true},
                                                                               {0, false},
                                                                               {-1, false},
                                                                               {3651, false}}) {
        EXPECT_EQ(validateTokenPolicy({false, days}).has_value(), valid) << days.value_or(-99);
    }
}

}  // namespace
}  // namespace tessera::domain
