#pragma once

#include <cstdint>
#include <string_view>

namespace tessera::crypto {

// CRC-32 (ISO-HDLC, as zlib computes it).
std::uint32_t crc32Of(std::string_view data);

}  // namespace tessera::crypto
