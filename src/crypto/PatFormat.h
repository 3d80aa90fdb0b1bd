#pragma once

#include <string>
#include <string_view>

#include "crypto/Random.h"

namespace tessera::crypto {

// PAT-10: `tsr_` + 43 base62 random characters + 6 base62 characters of CRC32.
inline constexpr std::string_view kPatPrefix = "tsr_";
inline constexpr size_t kPatRandomLength = 43;
inline constexpr size_t kPatChecksumLength = 6;
inline constexpr size_t kPatLength = 4 + kPatRandomLength + kPatChecksumLength;

std::string generatePatValue(Random& random);
// Prefix, length, alphabet and checksum; no lookup is needed to reject a malformed value.
bool hasPatFormat(std::string_view value);

}  // namespace tessera::crypto
