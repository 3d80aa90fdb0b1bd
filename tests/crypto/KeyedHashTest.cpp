#include <gtest/gtest.h>

#include <thread>

#include "crypto/Base64Url.h"
#include "crypto/KeyedHash.h"

namespace tessera::crypto {
namespace {

// RFC 4231 test cases 6 and 7 (a 131-byte key: the ones with keys long enough for a pepper).
TEST(KeyedHash, PAT7_Rfc4231HmacSha256Vectors) {
    KeyedHash hash(std::vector<std::uint8_t>(131, 0xaa));
    EXPECT_EQ(hexEncode(hash("Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    EXPECT_EQ(
        hexEncode(hash(
            "This is a test using a larger than block-size key and a larger than block-size data. "
            "The key needs to be hashed before being used by the HMAC algorithm.")),
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    // The per-thread context is re-used: a second call gives the same answer.
    EXPECT_EQ(hexEncode(hash("Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(KeyedHash, KeysAreIndependentAcrossInstancesAndThreads) {
    KeyedHash first(std::vector<std::uint8_t>(32, 1));
    KeyedHash second(std::vector<std::uint8_t>(32, 2));
    EXPECT_NE(first("x"), second("x"));
    Digest fromThread{};
    std::thread([&] { fromThread = first("x"); }).join();
    EXPECT_EQ(fromThread, first("x"));
    EXPECT_THROW(KeyedHash(std::vector<std::uint8_t>(16, 0)), std::invalid_argument);
}

TEST(Sha256, FipsVector) {
    EXPECT_EQ(hexEncode(sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tessera::crypto
