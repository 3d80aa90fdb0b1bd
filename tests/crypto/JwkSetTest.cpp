#include <gtest/gtest.h>

#include "crypto/Base64Url.h"
#include "crypto/JwkSet.h"
#include "crypto/SecretBox.h"

namespace tessera::crypto {
namespace {

std::string jwksOf(const Es256Key& key) {
    return R"({"keys":[)" + key.publicJwkJson() + "]}";
}

// JWT-4: the provider's key decides the algorithm; nothing else verifies.
TEST(JwkSet, JWT4_VerifiesWithTheNamedKeyAndItsAlgorithmOnly) {
    auto key = Es256Key::generate();
    ASSERT_TRUE(key);
    auto set = JwkSet::parse(jwksOf(*key));
    ASSERT_TRUE(set);
    EXPECT_EQ(set->size(), 1u);
    EXPECT_TRUE(set->hasKey(key->kid()));
    auto token = signJws(*key, R"({"sub":"a"})");
    EXPECT_EQ(set->verify(token).value_or(""), R"({"sub":"a"})");

    auto sections = splitJws(token);
    auto forge = [&](std::string_view header) {
        return base64UrlEncode(header) + "." + std::string(sections->payload) + "." +
               std::string(sections->signature);
    };
    // One signature character changed well inside it: the last one also carries padding bits,
    // whose change makes the token malformed rather than wrongly signed (1 in 256 keys did).
    auto flipped = token;
    auto& inside = flipped[flipped.size() - 10];
    inside = inside == 'A' ? 'B' : 'A';
    struct Case {
        std::string token;
        JwsError expected;
    };
    for (const auto& c : std::vector<Case>{
             {forge(R"({"alg":"none","kid":")" + key->kid() + "\"}"), JwsError::WrongAlgorithm},
             {forge(R"({"alg":"HS256","kid":")" + key->kid() + "\"}"), JwsError::WrongAlgorithm},
             {forge(R"({"alg":"RS256","kid":")" + key->kid() + "\"}"), JwsError::WrongAlgorithm},
             {forge(R"({"alg":"ES256","kid":"someone-else"})"), JwsError::UnknownKey},
             {flipped, JwsError::BadSignature},
             {"not.a.jws.at-all", JwsError::Malformed},
         }) {
        auto verified = set->verify(c.token);
        ASSERT_FALSE(verified) << c.token;
        EXPECT_EQ(verified.error(), c.expected) << c.token;
    }
}

TEST(JwkSet, JWT4_IgnoresUnusableKeysAndRefusesAnEmptySet) {
    auto key = Es256Key::generate();
    std::string mixed = R"({"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"h"},)"
                        R"({"kty":"RSA","n":"AQAB","e":"AQAB","kid":"short"},)" +
                        key->publicJwkJson() + "]}";
    auto set = JwkSet::parse(mixed);
    ASSERT_TRUE(set);
    EXPECT_EQ(set->size(), 1u) << "symmetric and short RSA keys are never trusted";
    EXPECT_FALSE(JwkSet::parse(R"({"keys":[{"kty":"oct","k":"c2VjcmV0"}]})"));
    EXPECT_FALSE(JwkSet::parse("[]"));
    EXPECT_FALSE(JwkSet::parse("not json"));
}

// Client secrets at rest: sealed with the data directory's key, opened only with it.
TEST(SecretBox, SealsAndOpensWithTheSameKeyOnly) {
    SecretBox box(std::vector<std::uint8_t>(32, 7));
    auto sealed = box.seal("client-secret");
    EXPECT_EQ(sealed.find("client-secret"), std::string::npos);
    EXPECT_NE(box.seal("client-secret"), sealed) << "a fresh nonce each time";
    EXPECT_EQ(box.open(sealed).value_or(""), "client-secret");
    SecretBox other(std::vector<std::uint8_t>(32, 8));
    EXPECT_FALSE(other.open(sealed));
    auto tampered = sealed;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box.open(tampered));
    EXPECT_FALSE(box.open("short"));
}

}  // namespace
}  // namespace tessera::crypto
