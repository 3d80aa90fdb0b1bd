#include "domain/DisplayText.h"

#include <cstdint>
#include <string>

namespace tessera::domain {
namespace {

bool refusedCodePoint(std::uint32_t c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;       // C0, DEL, C1
    if (c == 0x061c || c == 0x200e || c == 0x200f) return true;  // ALM, LRM, RLM
    if (c >= 0x202a && c <= 0x202e) return true;                 // LRE, RLE, PDF, LRO, RLO
    return c >= 0x2066 && c <= 0x2069;                           // LRI, RLI, FSI, PDI
}

}  // namespace

bool isDisplaySafe(std::string_view utf8) {
    size_t i = 0;
    while (i < utf8.size()) {
        auto lead = static_cast<unsigned char>(utf8[i]);
        std::uint32_t c = 0;
        size_t length = 0;
        std::uint32_t minimum = 0;
        if (lead < 0x80) {
            c = lead;
            length = 1;
        } else if ((lead & 0xe0) == 0xc0) {
            c = lead & 0x1f;
            length = 2;
            minimum = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            c = lead & 0x0f;
            length = 3;
            minimum = 0x800;
        } else if ((lead & 0xf8) == 0xf0) {
            c = lead & 0x07;
            length = 4;
            minimum = 0x10000;
        } else {
            return false;
        }
        if (i + length > utf8.size()) return false;
        for (size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xc0) != 0x80) return false;
            c = (c << 6) | (next & 0x3f);
        }
        // Overlong forms, surrogates and values beyond Unicode are not UTF-8 (RFC 3629).
        if (c < minimum || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff) return false;
        if (refusedCodePoint(c)) return false;
        i += length;
    }
    return true;
}

Result<void> checkDisplaySafe(std::string_view value, std::string_view field) {
    if (isDisplaySafe(value)) return {};
    return fail(ErrorCode::InvalidRequest,
                std::string(field) +
                    " must be UTF-8 text without control or bidirectional formatting characters",
                {std::string(field)});
}

}  // namespace tessera::domain
