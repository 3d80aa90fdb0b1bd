#include <gtest/gtest.h>

#include "crypto/Base62.h"
#include "crypto/Base64Url.h"
#include "crypto/Crc32.h"

namespace tessera::crypto {
namespace {

// RFC 4648 section 10 test vectors, in the URL-safe alphabet without padding.
TEST(Base64Url, Rfc4648Vectors) {
    struct Case {
        const char* plain;
        const char* encoded;
    };
    for (const auto& c : std::vector<Case>{{"", ""},
                                           {"f", "Zg"},
                                           {"fo", "Zm8"},
                                           {"foo", "Zm9v"},
                                           {"foob", "Zm9vYg"},
                                           {"fooba", "Zm9vYmE"},
                                           {"foobar", "Zm9vYmFy"}}) {
        EXPECT_EQ(base64UrlEncode(std::string_view(c.plain)), c.encoded);
        auto decoded = base64UrlDecode(c.encoded);
        ASSERT_TRUE(decoded);
        EXPECT_EQ(std::string(decoded->begin(), decoded->end()), c.plain);
    }
    std::vector<std::uint8_t> bytes = {0xfb, 0xff, 0xfe};
    EXPECT_EQ(base64UrlEncode(bytes), "-__-");
}

TEST(Base64Url, RejectsNonCanonicalAndForeignCharacters) {
    for (const char* bad : {"Zg=", "Z", "Zh", "Zm9v+", "Zm9v/", "Zm 9v"})
        EXPECT_FALSE(base64UrlDecode(bad)) << bad;
}

// The CRC-32 check value (CRC catalogue: ISO-HDLC).
TEST(Crc32, CheckValue) {
    EXPECT_EQ(crc32Of("123456789"), 0xCBF43926u);
    EXPECT_EQ(crc32Of(""), 0u);
}

TEST(Base62, FixedWidthRoundTrip) {
    EXPECT_EQ(encodeBase62(0, 6), "000000");
    EXPECT_EQ(encodeBase62(61, 2), "0z");
    EXPECT_EQ(encodeBase62(62, 2), "10");
    EXPECT_EQ(encodeBase62(0xFFFFFFFFu, 6), "4gfFC3");
    for (std::uint64_t value : {0ull, 1ull, 61ull, 62ull, 3844ull, 0xCBF43926ull, 0xFFFFFFFFull}) {
        EXPECT_EQ(decodeBase62(encodeBase62(value, 6)), value);
    }
    EXPECT_FALSE(decodeBase62("ab-c"));
    EXPECT_TRUE(isBase62("azAZ09"));
    EXPECT_FALSE(isBase62("a_b"));
}

}  // namespace
}  // namespace tessera::crypto
