#include <gtest/gtest.h>

#include <set>

#include "crypto/Base62.h"
#include "crypto/Crc32.h"
#include "crypto/PatFormat.h"

namespace tessera::crypto {
namespace {

// Repeats a fixed byte pattern so the generated value is predictable.
class FixedRandom final : public Random {
  public:
    void fill(std::span<std::uint8_t> out) override {
        for (auto& byte : out) byte = next_++;
    }

  private:
    std::uint8_t next_ = 0;
};

TEST(PatFormat, PAT10_PrefixRandomPartAndChecksum) {
    FixedRandom random;
    auto value = generatePatValue(random);
    ASSERT_EQ(value.size(), 53u);
    EXPECT_TRUE(value.starts_with("tsr_"));
    // Bytes 0, 1, 2 … map to the alphabet in order.
    EXPECT_EQ(value.substr(4, 43), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg");
    EXPECT_EQ(value.substr(47), encodeBase62(crc32Of(value.substr(0, 47)), 6));
    EXPECT_TRUE(hasPatFormat(value));
}

TEST(PatFormat, PAT10_RejectsBadPrefixLengthAlphabetOrChecksum) {
    SystemRandom random;
    auto value = generatePatValue(random);
    ASSERT_TRUE(hasPatFormat(value));
    std::string flipped = value;
    flipped[20] = flipped[20] == 'a' ? 'b' : 'a';
    std::string badChecksum = value;
    badChecksum[52] = badChecksum[52] == '0' ? '1' : '0';
    for (const std::string& bad :
         {flipped, badChecksum, value.substr(0, 52), value + "0", "tsx_" + value.substr(4),
          value.substr(0, 10) + "-" + value.substr(11), std::string()}) {
        EXPECT_FALSE(hasPatFormat(bad)) << bad;
    }
}

TEST(PatFormat, PAT10_SystemValuesAreDistinct) {
    SystemRandom random;
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(generatePatValue(random));
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Base62Random, UsesOnlyTheAlphabetWithoutBias) {
    SystemRandom random;
    auto text = randomBase62(random, 62 * 2000);
    std::array<int, 62> counts{};
    for (char c : text) counts[kBase62Alphabet.find(c)]++;
    for (int count : counts) {
        EXPECT_GT(count, 1600);  // expected 2000 each; a modulo bias would skew the first digits
        EXPECT_LT(count, 2400);
    }
}

}  // namespace
}  // namespace tessera::crypto
