#include "crypto/WebhookSignature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <vector>

namespace tessera::crypto {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";

}  // namespace

std::string base64Encode(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3), '\0');
    auto written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(data.data()), int(data.size()));
    out.resize(std::size_t(written));
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    std::string out(3 * (text.size() / 4), '\0');
    auto written =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
    if (written < 0) return std::nullopt;
    // EVP_DecodeBlock counts the bytes the padding stands for as zeros.
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    out.resize(std::size_t(written) - padding);
    return out;
}

std::string newWebhookSecret(Random& random) {
    std::array<std::uint8_t, 32> bytes{};
    random.fill(bytes);
    return std::string(kSecretPrefix) +
           base64Encode({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

std::optional<std::string> webhookSignature(std::string_view secret, std::string_view messageId,
                                            std::int64_t timestamp, std::string_view body) {
    if (!secret.starts_with(kSecretPrefix)) return std::nullopt;
    auto key = base64Decode(secret.substr(kSecretPrefix.size()));
    if (!key || key->empty()) return std::nullopt;
    std::string signed_;
    signed_.reserve(messageId.size() + body.size() + 24);
    signed_.append(messageId)
        .append(".")
        .append(std::to_string(timestamp))
        .append(".")
        .append(body);
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key->data(), int(key->size()),
              reinterpret_cast<const unsigned char*>(signed_.data()), signed_.size(), mac.data(),
              &length)) {
        return std::nullopt;
    }
    return "v1," + base64Encode({reinterpret_cast<const char*>(mac.data()), length});
}

}  // namespace tessera::crypto
