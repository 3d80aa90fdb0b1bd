// AUD-2: Standard Webhooks signatures and the base64 they are written in.
#include <gtest/gtest.h>

#include "crypto/Random.h"
#include "crypto/WebhookSignature.h"

namespace tessera::crypto {
namespace {

// RFC 4648 section 10.
TEST(WebhookSignature, Base64FollowsRfc4648) {
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64Encode(plain), encoded);
        if (!plain.empty()) {
            EXPECT_EQ(base64Decode(encoded), plain) << encoded;
        }
    }
    EXPECT_FALSE(base64Decode("Zm9"));
    EXPECT_FALSE(base64Decode("Zm9v!A=="));
}

// The example of the Standard Webhooks specification.
TEST(WebhookSignature, AUD2_SignsAsTheSpecificationsExample) {
    EXPECT_EQ(
        webhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                         1614265330, R"({"test": 2432232314})"),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    EXPECT_FALSE(webhookSignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "{}"));
    EXPECT_FALSE(webhookSignature("whsec_not base64", "m", 1, "{}"));
}

TEST(WebhookSignature, AUD2_NewSecretsAreThirtyTwoRandomBytes) {
    SystemRandom random;
    auto secret = newWebhookSecret(random);
    ASSERT_TRUE(secret.starts_with("whsec_"));
    EXPECT_EQ(base64Decode(secret.substr(6))->size(), 32u);
    EXPECT_NE(secret, newWebhookSecret(random));
}

}  // namespace
}  // namespace tessera::crypto
