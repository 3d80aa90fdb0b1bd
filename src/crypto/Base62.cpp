#include "crypto/Base62.h"

#include <array>

namespace tessera::crypto {

namespace {

constexpr std::uint8_t kNotADigit = 0xff;

// Each byte's base62 digit value: a table, because every PAT use checks 49 characters.
constexpr std::array<std::uint8_t, 256> kDigitOf = [] {
    std::array<std::uint8_t, 256> table{};
    table.fill(kNotADigit);
    for (std::uint8_t i = 0; i < 62; ++i) table[std::uint8_t(kBase62Alphabet[i])] = i;
    return table;
}();

}  // namespace

bool isBase62(std::string_view text) {
    bool valid = true;
    for (char c : text) valid &= kDigitOf[std::uint8_t(c)] != kNotADigit;
    return valid;
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
        auto digit = kDigitOf[std::uint8_t(c)];
        if (digit == kNotADigit) return std::nullopt;
        value = value * 62 + digit;
    }
    return value;
}

}  // namespace tessera::crypto
