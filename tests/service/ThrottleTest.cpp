#include <gtest/gtest.h>

#include "../store/TestDatabase.h"
#include "service/LoginThrottle.h"
#include "service/RateLimiter.h"

namespace tessera::service {
namespace {

domain::Timestamp at(long seconds) {
    return domain::Timestamp{std::chrono::seconds{seconds}};
}

// Run on both stores; two store objects on one database stand for two instances.
class Throttle : public ::testing::TestWithParam<std::string> {
  protected:
    store::TestDatabase database{GetParam()};
    std::unique_ptr<store::SqlStore> instanceA = database.open("a");
    std::unique_ptr<store::SqlStore> instanceB = database.open("b");
    crypto::KeyedHash keyedHash{std::vector<std::uint8_t>(32, 7)};
};

std::optional<std::chrono::seconds> allowed(Result<std::optional<std::chrono::seconds>> result) {
    EXPECT_TRUE(result.has_value());
    return result ? *result : std::optional<std::chrono::seconds>{std::chrono::seconds(-1)};
}

TEST_P(Throttle, RateLimiterAllowsTheLimitPerWindowAndKeyAcrossInstances) {
    RateLimiter onA("test", 2, std::chrono::seconds(60), *instanceA, keyedHash);
    RateLimiter onB("test", 2, std::chrono::seconds(60), *instanceB, keyedHash);
    EXPECT_FALSE(allowed(onA.acquire("a", at(0))));
    EXPECT_FALSE(allowed(onB.acquire("a", at(1))));
    auto wait = allowed(onA.acquire("a", at(10)));
    ASSERT_TRUE(wait) << "the count is shared";
    EXPECT_EQ(wait->count(), 50);
    EXPECT_FALSE(allowed(onB.acquire("b", at(10)))) << "keys are independent";
    EXPECT_FALSE(allowed(onB.acquire("a", at(60)))) << "a new window";
}

// JWT-3: consecutive failures lock a user name, known or not; success resets it.
TEST_P(Throttle, JWT3_LocksANameAfterRepeatedFailures) {
    LoginThrottle throttle({3, 100, std::chrono::seconds(900)}, *instanceA, keyedHash);
    auto lockouts = lockoutsBegun();
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(throttle.recordFailure("ba\nuser", "10.0.0.1", at(i)));
    EXPECT_FALSE(allowed(throttle.blocked("ba\nuser", "10.0.0.1", at(2))));
    ASSERT_TRUE(throttle.recordSuccess("ba\nuser"));
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(throttle.recordFailure("ba\nuser", "10.0.0.1", at(10 + i)));
    EXPECT_EQ(lockoutsBegun().users, lockouts.users + 1) << "one lockout begun (for /metrics)";
    EXPECT_EQ(lockoutsBegun().addresses, lockouts.addresses);
    auto wait = allowed(throttle.blocked("ba\nuser", "10.0.0.9", at(20)));
    ASSERT_TRUE(wait) << "locked from any address";
    EXPECT_EQ(wait->count(), 900 - 8);
    EXPECT_FALSE(allowed(throttle.blocked("ba\nother", "10.0.0.9", at(20))));
    EXPECT_FALSE(allowed(throttle.blocked("ba\nuser", "10.0.0.9", at(12 + 900))))
        << "the lockout expires";
}

TEST_P(Throttle, JWT3_LocksAnAddressThatTriesManyNames) {
    LoginThrottle throttle({100, 5, std::chrono::seconds(60)}, *instanceA, keyedHash);
    auto lockouts = lockoutsBegun();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(throttle.recordFailure("ba\nuser" + std::to_string(i), "10.0.0.1", at(i)));
    EXPECT_EQ(lockoutsBegun().addresses, lockouts.addresses + 1);
    EXPECT_EQ(lockoutsBegun().users, lockouts.users);
    EXPECT_TRUE(allowed(throttle.blocked("ba\nfresh", "10.0.0.1", at(6))));
    EXPECT_FALSE(allowed(throttle.blocked("ba\nfresh", "10.0.0.2", at(6))));
}

// JWT-3 behind a load balancer: failures spread over two instances lock the name on both.
TEST_P(Throttle, JWT3_FailuresOnTwoInstancesAddUp) {
    LoginThrottle onA({5, 100, std::chrono::seconds(900)}, *instanceA, keyedHash);
    LoginThrottle onB({5, 100, std::chrono::seconds(900)}, *instanceB, keyedHash);
    for (int i = 0; i < 5; ++i) {
        auto& instance = i % 2 == 0 ? onA : onB;
        ASSERT_TRUE(instance.recordFailure("ba\nuser", "10.0.0." + std::to_string(i), at(i)));
    }
    EXPECT_TRUE(allowed(onA.blocked("ba\nuser", "10.0.0.7", at(5))));
    EXPECT_TRUE(allowed(onB.blocked("ba\nuser", "10.0.0.7", at(5))));
}

TEST_P(Throttle, KeepsOnlyKeyedDigestsOfNamesAndAddresses) {
    LoginThrottle throttle({5, 100, std::chrono::seconds(900)}, *instanceA, keyedHash);
    ASSERT_TRUE(throttle.recordFailure("ba\nCorrect-Horse-Battery", "10.9.8.7", at(0)));
    auto raw = database.raw();
    auto rows = raw->prepare("SELECT kind, key FROM attempt_counters");
    int count = 0;
    while (rows->step()) {
        ++count;
        EXPECT_EQ(rows->text(1).find("Horse"), std::string::npos);
        EXPECT_EQ(rows->text(1).find("10.9.8.7"), std::string::npos);
        EXPECT_EQ(rows->text(1).size(), 64u) << "a hex digest";
    }
    EXPECT_EQ(count, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, Throttle, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tessera::service
