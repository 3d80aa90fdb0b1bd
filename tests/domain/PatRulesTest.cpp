#include <gtest/gtest.h>

#include "domain/PatRules.h"

namespace tessera::domain {
namespace {

Timestamp at(long seconds) {
    return Timestamp{std::chrono::seconds{seconds}};
}

// PAT-9
TEST(TokenName, PAT9_PrintableOneToHundredNoSlash) {
    struct Case {
        std::string name;
        bool valid;
    };
    for (const auto& c : std::vector<Case>{{"ci", true},
                                           {std::string(100, 'x'), true},
                                           {"with space and ünïcode", true},
                                           {"", false},
                                           {std::string(101, 'x'), false},
                                           {"a/b", false},
                                           {"tab\there", false},
                                           {"new\nline", false},
                                           {std::string("nul\0x", 5), false}}) {
        EXPECT_EQ(validateTokenName(c.name).has_value(), c.valid) << c.name;
    }
}

// PAT-8, PAT-3
TEST(TokenExpiry, PAT8_PAT3_FutureAndNotBeyondTheCallingToken) {
    auto now = at(1000);
    struct Case {
        const char* name;
        std::optional<Timestamp> requested;
        bool viaToken;
        std::optional<Timestamp> creatorExpiry;
        bool valid;
    };
    for (const auto& c : std::vector<Case>{
             {"never, by a session", std::nullopt, false, std::nullopt, true},
             {"future", at(2000), false, std::nullopt, true},
             {"now", at(1000), false, std::nullopt, false},
             {"past", at(10), false, std::nullopt, false},
             {"token without expiry creates anything", std::nullopt, true, std::nullopt, true},
             {"within the calling token", at(1500), true, at(2000), true},
             {"equal to the calling token", at(2000), true, at(2000), true},
             {"outlives the calling token", at(2001), true, at(2000), false},
             {"never, by an expiring token", std::nullopt, true, at(2000), false},
         }) {
        EXPECT_EQ(validateTokenExpiry(c.requested, now, c.viaToken, c.creatorExpiry).has_value(),
                  c.valid)
            << c.name;
    }
}

TEST(TokenLimits, PAT6_DefaultAndHardMaximum) {
    EXPECT_EQ(kDefaultPatLimit, 3);
    EXPECT_EQ(kMaxPatLimit, 10);
}

}  // namespace
}  // namespace tessera::domain
