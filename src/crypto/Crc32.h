#pragma once

#include <cstdint>
#include <string_view>

namespace tessera::crypto {

// CRC-32 (ISO-HDLC, the one zlib and gzip compute).
std::uint32_t crc32Of(std::string_view data);

}  // namespace tessera::crypto
