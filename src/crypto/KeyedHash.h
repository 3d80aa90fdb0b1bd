#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace tessera::crypto {

using Digest = std::array<std::uint8_t, 32>;

// HMAC-SHA256 under a secret key (the server pepper, PAT-7). The algorithm is fetched once and
// each thread keeps an initialised context, because that is several times faster than HMAC().
class KeyedHash {
  public:
    explicit KeyedHash(std::vector<std::uint8_t> key);
    ~KeyedHash();
    KeyedHash(const KeyedHash&) = delete;
    KeyedHash& operator=(const KeyedHash&) = delete;

    Digest operator()(std::string_view data) const;

  private:
    std::vector<std::uint8_t> key_;
    std::uint64_t id_;
};

// Plain SHA-256 (JWK thumbprints and the like; not on the hot path).
Digest sha256(std::string_view data);

}  // namespace tessera::crypto
