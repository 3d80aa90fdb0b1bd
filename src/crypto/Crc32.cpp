#include "crypto/Crc32.h"

#include <zlib.h>

namespace tessera::crypto {

std::uint32_t crc32Of(std::string_view data) {
    auto crc = ::crc32(0L, Z_NULL, 0);
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    return static_cast<std::uint32_t>(crc);
}

}  // namespace tessera::crypto
