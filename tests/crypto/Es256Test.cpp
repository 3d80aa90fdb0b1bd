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

}  // namespace
}  // namespace tessera::crypto
