#include "crypto/KeyedHash.h"

#include <openssl/crypto.h>

#include <stdexcept>

#include "crypto/OpenSslHandles.h"

namespace tessera::crypto {

KeyedHash::KeyedHash(std::vector<std::uint8_t> key) {
    if (key.size() < 32)
        throw std::invalid_argument("a keyed hash needs a key of 32 bytes or more");
    hmac_sha256_set_key(&keyed_, key.size(), key.data());
    OPENSSL_cleanse(key.data(), key.size());
}

KeyedHash::~KeyedHash() {
    OPENSSL_cleanse(&keyed_, sizeof keyed_);
}

Digest KeyedHash::operator()(std::string_view data) const {
    hmac_sha256_ctx context = keyed_;
    hmac_sha256_update(&context, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
    Digest out;
    hmac_sha256_digest(&context, out.size(), out.data());
    return out;
}

Digest sha256(std::string_view data) {
    static EvpMdPtr md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    Digest out{};
    unsigned int length = 0;
    if (!md || !context || EVP_DigestInit_ex(context.get(), md.get(), nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), out.data(), &length) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return out;
}

}  // namespace tessera::crypto
