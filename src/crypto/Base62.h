#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/Random.h"

namespace tessera::crypto {

inline constexpr std::string_view kBase62Alphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool isBase62(std::string_view text);
// `count` characters drawn uniformly (rejection sampling, no modulo bias).
std::string randomBase62(Random& random, size_t count);
// Fixed-width, most significant digit first, zero-padded with '0'.
std::string encodeBase62(std::uint64_t value, size_t width);
std::optional<std::uint64_t> decodeBase62(std::string_view text);

}  // namespace tessera::crypto
