#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::crypto {

// RFC 4648 section 5, without padding (as JWS uses it).
std::string base64UrlEncode(std::span<const std::uint8_t> data);
std::string base64UrlEncode(std::string_view data);
std::optional<std::vector<std::uint8_t>> base64UrlDecode(std::string_view text);
std::string hexEncode(std::span<const std::uint8_t> data);

}  // namespace tessera::crypto
