#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "crypto/Base64Url.h"
#include "crypto/Es256Key.h"
#include "crypto/Jws.h"

namespace tessera::crypto {
namespace {

TEST(Es256Key, JWT1_SignsAndVerifiesRawSignatures) {
    auto key = Es256Key::generate();
    ASSERT_TRUE(key);
    auto signature = key->sign("payload");
    ASSERT_TRUE(signature);
    EXPECT_EQ(signature->size(), 64u);
    EXPECT_TRUE(key->verify("payload", *signature));
    EXPECT_FALSE(key->verify("payload!", *signature));
    EXPECT_FALSE(key->verify("payload", signature->substr(0, 63)));
}

TEST(Es256Key, PemRoundTripKeepsTheKeyAndItsThumbprint) {
    auto key = Es256Key::generate();
    auto reloaded = Es256Key::fromPrivatePem(key->privatePem());
    ASSERT_TRUE(reloaded);
    EXPECT_EQ(reloaded->kid(), key->kid());
    EXPECT_TRUE(reloaded->verify("x", *key->sign("x")));
    EXPECT_FALSE(Es256Key::fromPrivatePem("not a pem"));
    // The public half from its JWK coordinates verifies what the private key signed.
    auto publicOnly = Es256Key::fromPublicCoordinates(key->x(), key->y());
    ASSERT_TRUE(publicOnly);
    EXPECT_TRUE(publicOnly->verify("x", *key->sign("x")));
    EXPECT_EQ(publicOnly->kid(), key->kid());
    EXPECT_FALSE(publicOnly->sign("x"));
    EXPECT_FALSE(Es256Key::fromPublicCoordinates("AAAA", key->y()));
}

TEST(Es256Key, JwkIsPublicOnly) {
    auto key = Es256Key::generate();
    auto jwk = boost::json::parse(key->publicJwkJson()).as_object();
    EXPECT_EQ(jwk.at("kty"), "EC");
    EXPECT_EQ(jwk.at("crv"), "P-256");
    EXPECT_EQ(jwk.at("alg"), "ES256");
    EXPECT_EQ(std::string(jwk.at("kid").as_string()), key->kid());
    EXPECT_FALSE(jwk.contains("d"));
    EXPECT_EQ(key->kid().size(), 43u) << "base64url of a SHA-256 thumbprint";
}

TEST(Jws, JWT1_CompactSerialisationVerifiesAndRejectsTampering) {
    auto key = Es256Key::generate();
    auto other = Es256Key::generate();
    auto token = signJws(*key, R"({"sub":"x"})");
    auto verified = verifyJws(token, *key);
    ASSERT_TRUE(verified);
    EXPECT_EQ(*verified, R"({"sub":"x"})");
    auto headerBytes = *base64UrlDecode(token.substr(0, token.find('.')));
    auto header = boost::json::parse(std::string(headerBytes.begin(), headerBytes.end()));
    EXPECT_EQ(std::string(header.as_object().at("kid").as_string()), key->kid());

    EXPECT_EQ(verifyJws(token, *other).error(), JwsError::UnknownKey);
    auto dot = token.find('.');
    auto tampered = token.substr(0, dot + 1) + base64UrlEncode(std::string_view(R"({"sub":"y"})")) +
                    token.substr(token.rfind('.'));
    EXPECT_EQ(verifyJws(tampered, *key).error(), JwsError::BadSignature);
    auto none = base64UrlEncode(std::string_view(R"({"alg":"none"})")) + token.substr(dot);
    EXPECT_EQ(verifyJws(none, *key).error(), JwsError::WrongAlgorithm);
    auto hs256 =
        base64UrlEncode(std::string_view(R"({"alg":"HS256","kid":")" + key->kid() + "\"}")) +
        token.substr(dot);
    EXPECT_EQ(verifyJws(hs256, *key).error(), JwsError::WrongAlgorithm);
    for (const char* bad : {"", "a.b", "a.b.c.d", "!!.!!.!!"})
        EXPECT_FALSE(verifyJws(bad, *key)) << bad;
}

// n - s over 32 big-endian bytes: the other valid s of an ECDSA signature.
std::string highSTwin(std::string signature) {
    static const std::uint8_t order[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
                                           0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
                                           0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int difference = int(order[i]) - int(static_cast<std::uint8_t>(signature[32 + i])) - borrow;
        borrow = difference < 0 ? 1 : 0;
        signature[32 + i] = char(difference + (borrow ? 256 : 0));
    }
    return signature;
}

// One token, one string: signatures are low-S and the high-S twin is refused (JWT-1).
TEST(Jws, JWT1_OnlyTheLowSFormOfASignatureIsAccepted) {
    auto key = Es256Key::generate();
    for (int i = 0; i < 32; ++i) {
        auto token = signJws(*key, R"({"n":)" + std::to_string(i) + "}");
        auto dot = token.rfind('.');
        auto signature = base64UrlDecode(token.substr(dot + 1));
        ASSERT_TRUE(signature);
        std::string raw(signature->begin(), signature->end());
        EXPECT_TRUE(Es256Key::isLowS(raw)) << i;
        ASSERT_TRUE(verifyJws(token, *key));
        auto twin = highSTwin(raw);
        EXPECT_FALSE(Es256Key::isLowS(twin));
        // ECDSA itself accepts the twin; the JWS check must not.
        EXPECT_TRUE(key->verify(token.substr(0, dot), twin));
        auto malleated = token.substr(0, dot + 1) + base64UrlEncode(twin);
        EXPECT_EQ(verifyJws(malleated, *key).error(), JwsError::BadSignature) << i;
    }
}

}  // namespace
}  // namespace tessera::crypto
