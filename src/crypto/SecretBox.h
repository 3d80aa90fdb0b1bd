#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/Error.h"

namespace tessera::crypto {

// Authenticated encryption of small secrets at rest (libsodium's XSalsa20-Poly1305 secretbox)
// with a key from the data directory: identity providers' client secrets are stored sealed.
class SecretBox {
  public:
    explicit SecretBox(std::vector<std::uint8_t> key);  // 32 bytes

    // base64url(nonce || ciphertext)
    std::string seal(std::string_view plaintext) const;
    // Fails (without saying more) on anything not sealed by this key.
    Result<std::string> open(std::string_view sealed) const;

  private:
    std::vector<std::uint8_t> key_;
};

}  // namespace tessera::crypto
