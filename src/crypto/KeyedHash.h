#pragma once

#include <nettle/hmac.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace tessera::crypto {

using Digest = std::array<std::uint8_t, 32>;

// HMAC-SHA256 under a secret key (the server pepper, PAT-7). It is on the hot path (every PAT
// use), so the keyed state (SHA-256 after the key's inner and outer pads) is computed once and
// each call works on a copy on the stack: for a PAT that is two SHA-256 compressions, with no
// allocation, no lock and nothing shared but read-only memory. OpenSSL 3 offers no way to copy a
// keyed state without allocating; Nettle's HMAC contexts are plain values.
class KeyedHash {
  public:
    explicit KeyedHash(std::vector<std::uint8_t> key);
    ~KeyedHash();
    KeyedHash(const KeyedHash&) = delete;
    KeyedHash& operator=(const KeyedHash&) = delete;

    Digest operator()(std::string_view data) const;

  private:
    hmac_sha256_ctx keyed_;
};

// Plain SHA-256 (JWK thumbprints and the like; not on the hot path).
Digest sha256(std::string_view data);

}  // namespace tessera::crypto
