#include <gtest/gtest.h>

#include "domain/PasswordLifecycle.h"

namespace tessera::domain {
namespace {

Timestamp day(int n) {
    return Timestamp{std::chrono::days{n}};
}

// JWT-3: temporary passwords and expiry after forceExpiredPasswordChange days.
TEST(PasswordChangeRequired, JWT3_TemporaryOrExpired) {
    struct Case {
        const char* name;
        bool temporary;
        std::optional<Timestamp> changedAt;
        int expiryDays;
        Timestamp now;
        PasswordChange expected;
    };
    for (const auto& c : std::vector<Case>{
             {"fresh", false, day(100), 90, day(150), PasswordChange::NotRequired},
             {"one day before expiry", false, day(100), 90, day(189), PasswordChange::NotRequired},
             {"on the expiry day", false, day(100), 90, day(190), PasswordChange::Expired},
             {"long expired", false, day(100), 90, day(500), PasswordChange::Expired},
             {"no expiry in the policy", false, day(100), 0, day(5000),
              PasswordChange::NotRequired},
             {"never set (older data)", false, std::nullopt, 90, day(5000),
              PasswordChange::NotRequired},
             {"temporary", true, day(100), 90, day(100), PasswordChange::Temporary},
             {"temporary wins over expired", true, day(100), 90, day(500),
              PasswordChange::Temporary},
         }) {
        CredentialState state;
        state.temporaryPassword = c.temporary;
        state.passwordChangedAt = c.changedAt;
        PasswordPolicy policy;
        policy.forceExpiredPasswordChange = c.expiryDays;
        EXPECT_EQ(passwordChangeRequired(state, policy, c.now), c.expected) << c.name;
    }
}

// JWT-3: "last N not reused" bars the current password and the N-1 before it.
TEST(PasswordHistory, JWT3_BarsTheCurrentAndRecentPasswords) {
    struct Case {
        int history;
        std::vector<std::string> previous;  // oldest first
        std::string current;
        std::vector<std::string> barred;
    };
    for (const auto& c : std::vector<Case>{
             {4, {"a", "b", "c", "d"}, "e", {"e", "d", "c", "b"}},
             {4, {"a"}, "b", {"b", "a"}},
             {1, {"a", "b"}, "c", {"c"}},
             {0, {"a", "b"}, "c", {}},
             {4, {}, "", {}},
         }) {
        CredentialState state;
        state.previousPasswordHashes = c.previous;
        PasswordPolicy policy;
        policy.passwordHistory = c.history;
        EXPECT_EQ(hashesBarredFromReuse(state, c.current, policy), c.barred) << c.history;
    }
}

TEST(PasswordHistory, JWT3_AChangeKeepsOnlyWhatThePolicyCanStillBar) {
    PasswordPolicy policy;  // history 4
    CredentialState state;
    state.temporaryPassword = true;
    for (std::string hash : {"h1", "h2", "h3", "h4", "h5"})
        state = afterPasswordChange(state, hash, policy, day(7), false);
    EXPECT_EQ(state.previousPasswordHashes, (std::vector<std::string>{"h3", "h4", "h5"}));
    EXPECT_EQ(state.passwordChangedAt, day(7));
    EXPECT_FALSE(state.temporaryPassword);
    state = afterPasswordChange(state, "", policy, day(8), true);
    EXPECT_EQ(state.previousPasswordHashes.size(), 3u) << "no password before: nothing to remember";
    EXPECT_TRUE(state.temporaryPassword);
}

TEST(PasswordExpiry, JWT3_ExpiresAtFollowsThePolicy) {
    CredentialState state;
    PasswordPolicy policy;
    EXPECT_EQ(passwordExpiresAt(state, policy), std::nullopt);
    state.passwordChangedAt = day(10);
    EXPECT_EQ(passwordExpiresAt(state, policy), day(100));
    policy.forceExpiredPasswordChange = 0;
    EXPECT_EQ(passwordExpiresAt(state, policy), std::nullopt);
}

}  // namespace
}  // namespace tessera::domain
