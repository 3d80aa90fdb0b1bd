#include "crypto/Base62.h"

#include <array>

namespace tessera::crypto {

bool isBase62(std::string_view text) {
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            return false;
        }
    }
    return true;
}

std::string randomBase62(Random& random, size_t count) {
    std::string out;
    out.reserve(count);
    std::array<std::uint8_t, 64> pool{};
    while (out.size() < count) {
        random.fill(pool);
        for (std::uint8_t byte : pool) {
            // 248 = 4 * 62: bytes at or above it would bias the low digits.
            if (byte >= 248) continue;
            out.push_back(kBase62Alphabet[byte % 62]);
            if (out.size() == count) break;
        }
    }
    return out;
}

std::string encodeBase62(std::uint64_t value, size_t width) {
    std::string out(width, '0');
    for (size_t i = width; i > 0 && value > 0; --i) {
        out[i - 1] = kBase62Alphabet[value % 62];
        value /= 62;
    }
    return out;
}

std::optional<std::uint64_t> decodeBase62(std::string_view text) {
    std::uint64_t value = 0;
    if (text.size() > 10) return std::nullopt;  // 62^10 < 2^64
    for (char c : text) {
        std::uint64_t digit;
        if (c >= '0' && c <= '9')
            digit = std::uint64_t(c - '0');
        else if (c >= 'A' && c <= 'Z')
            digit = std::uint64_t(c - 'A' + 10);
        else if (c >= 'a' && c <= 'z')
            digit = std::uint64_t(c - 'a' + 36);
        else
            return std::nullopt;
        value = value * 62 + digit;
    }
    return value;
}

}  // namespace tessera::crypto
