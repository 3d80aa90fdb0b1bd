#include <gtest/gtest.h>

#include "service/LoginThrottle.h"
#include "service/RateLimiter.h"

namespace tessera::service {
namespace {

domain::Timestamp at(long seconds) {
    return domain::Timestamp{std::chrono::seconds{seconds}};
}

TEST(RateLimiter, AllowsTheLimitPerWindowAndKey) {
    RateLimiter limiter(2, std::chrono::seconds(60));
    EXPECT_FALSE(limiter.acquire("a", at(0)));
    EXPECT_FALSE(limiter.acquire("a", at(1)));
    auto wait = limiter.acquire("a", at(10));
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->count(), 50);
    EXPECT_FALSE(limiter.acquire("b", at(10))) << "keys are independent";
    EXPECT_FALSE(limiter.acquire("a", at(60))) << "a new window";
}

// JWT-3: consecutive failures lock a user name, known or not; success resets it.
TEST(LoginThrottle, JWT3_LocksANameAfterRepeatedFailures) {
    LoginThrottle throttle({3, 100, std::chrono::seconds(900)});
    for (int i = 0; i < 2; ++i) throttle.recordFailure("ba\nuser", "10.0.0.1", at(i));
    EXPECT_FALSE(throttle.blocked("ba\nuser", "10.0.0.1", at(2)));
    throttle.recordSuccess("ba\nuser");
    for (int i = 0; i < 3; ++i) throttle.recordFailure("ba\nuser", "10.0.0.1", at(10 + i));
    auto wait = throttle.blocked("ba\nuser", "10.0.0.9", at(20));
    ASSERT_TRUE(wait) << "locked from any address";
    EXPECT_EQ(wait->count(), 900 - 8);
    EXPECT_FALSE(throttle.blocked("ba\nother", "10.0.0.9", at(20)));
    EXPECT_FALSE(throttle.blocked("ba\nuser", "10.0.0.9", at(12 + 900))) << "the lockout expires";
}

TEST(LoginThrottle, JWT3_LocksAnAddressThatTriesManyNames) {
    LoginThrottle throttle({100, 5, std::chrono::seconds(60)});
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure("ba\nuser" + std::to_string(i), "10.0.0.1", at(i));
    EXPECT_TRUE(throttle.blocked("ba\nfresh", "10.0.0.1", at(6)));
    EXPECT_FALSE(throttle.blocked("ba\nfresh", "10.0.0.2", at(6)));
}

}  // namespace
}  // namespace tessera::service
