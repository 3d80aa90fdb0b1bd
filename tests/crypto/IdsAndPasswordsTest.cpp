#include <gtest/gtest.h>

#include <regex>

#include "crypto/Ids.h"
#include "crypto/PasswordHasher.h"

namespace tessera::crypto {
namespace {

class ZeroRandom final : public Random {
  public:
    void fill(std::span<std::uint8_t> out) override { std::fill(out.begin(), out.end(), 0); }
};

// The ULID specification's example: 1469918176385 ms encodes as 01ARYZ6S41.
TEST(Ids, UlidEncodesTimeThenRandomness) {
    ZeroRandom zero;
    auto at = std::chrono::system_clock::time_point{std::chrono::milliseconds{1469918176385}};
    EXPECT_EQ(newUlid(zero, at), "01ARYZ6S410000000000000000");
    SystemRandom random;
    auto ulid = newUlid(random, std::chrono::system_clock::now());
    EXPECT_TRUE(std::regex_match(ulid, std::regex("^[0-9A-HJKMNP-TV-Z]{26}$"))) << ulid;
}

// AUD-1 paging: events of one millisecond still get increasing locators (ULID monotonicity).
TEST(Ids, NextUlidIncrementsWithCarry) {
    for (auto [previous, next] : std::vector<std::pair<std::string, std::string>>{
             {"01ARYZ6S410000000000000000", "01ARYZ6S410000000000000001"},
             {"01ARYZ6S41000000000000000Z", "01ARYZ6S410000000000000010"},
             {"01ARYZ6S41ZZZZZZZZZZZZZZZZ", "01ARYZ6S420000000000000000"},
             {"01ARYZ6S4100000000000000HZ", "01ARYZ6S4100000000000000J0"}}) {
        EXPECT_EQ(nextUlid(previous), next);
        EXPECT_LT(previous, next);
    }
}

TEST(Ids, UuidIsVersion4) {
    SystemRandom random;
    auto uuid = newUuid(random);
    EXPECT_TRUE(std::regex_match(
        uuid, std::regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")))
        << uuid;
    EXPECT_NE(uuid, newUuid(random));
}

TEST(PasswordHasher, JWT3_Argon2idHashesVerify) {
    PasswordHasher hasher;
    auto hash = hasher.hash("Correct-Horse-Battery-1");
    ASSERT_TRUE(hash);
    EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,"));
    EXPECT_TRUE(hasher.verify(*hash, "Correct-Horse-Battery-1"));
    EXPECT_FALSE(hasher.verify(*hash, "Correct-Horse-Battery-2"));
    EXPECT_FALSE(hasher.verify("", "anything"));
    EXPECT_NE(*hash, *hasher.hash("Correct-Horse-Battery-1")) << "salted";
}

}  // namespace
}  // namespace tessera::crypto
