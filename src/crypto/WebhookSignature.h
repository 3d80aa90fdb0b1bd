#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/Random.h"

namespace tessera::crypto {

// Standard Webhooks (https://www.standardwebhooks.com): a secret is `whsec_` and the base64 of
// random bytes; a signature is `v1,` and the base64 of HMAC-SHA256 under those bytes over
// `<webhook-id>.<webhook-timestamp>.<body>`.
std::string newWebhookSecret(Random& random);  // 32 random bytes
// Empty when `secret` is not of that form.
std::optional<std::string> webhookSignature(std::string_view secret, std::string_view messageId,
                                            std::int64_t timestamp, std::string_view body);

// RFC 4648 section 4, with padding (what Standard Webhooks uses).
std::string base64Encode(std::string_view data);
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace tessera::crypto
