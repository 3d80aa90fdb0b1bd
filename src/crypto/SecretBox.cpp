#include "crypto/SecretBox.h"

#include <sodium.h>

#include <stdexcept>

#include "crypto/Base64Url.h"

namespace tessera::crypto {

SecretBox::SecretBox(std::vector<std::uint8_t> key) : key_(std::move(key)) {
    if (key_.size() != crypto_secretbox_KEYBYTES)
        throw std::invalid_argument("a secret box key has 32 bytes");
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
}

std::string SecretBox::seal(std::string_view plaintext) const {
    std::vector<std::uint8_t> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                  plaintext.size());
    randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), out.data(), key_.data());
    return base64UrlEncode(std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
}

Result<std::string> SecretBox::open(std::string_view sealed) const {
    auto bytes = base64UrlDecode(sealed);
    if (!bytes || bytes->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return fail(ErrorCode::Internal, "a sealed secret cannot be opened");
    std::string plaintext(bytes->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES,
                          '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                   bytes->data() + crypto_secretbox_NONCEBYTES,
                                   bytes->size() - crypto_secretbox_NONCEBYTES, bytes->data(),
                                   key_.data()) != 0) {
        return fail(ErrorCode::Internal, "a sealed secret cannot be opened");
    }
    return plaintext;
}

}  // namespace tessera::crypto
