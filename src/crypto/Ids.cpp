#include "crypto/Ids.h"

#include <array>
#include <cstdio>

namespace tessera::crypto {

std::string newUlid(Random& random, std::chrono::system_clock::time_point now) {
    static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    auto millis = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    std::array<std::uint8_t, 16> bytes{};
    for (int i = 0; i < 6; ++i) bytes[size_t(i)] = std::uint8_t(millis >> (8 * (5 - i)));
    random.fill(std::span(bytes).subspan(6));
    // 128 bits as 26 base32 digits: the first digit carries the top 3 bits.
    std::string out(26, '0');
    for (int i = 25; i >= 0; --i) {
        int bitOffset = (25 - i) * 5;  // from the least significant end
        int value = 0;
        for (int b = 0; b < 5; ++b) {
            int bit = bitOffset + b;
            if (bit >= 128) break;
            int byteIndex = 15 - bit / 8;
            if ((bytes[size_t(byteIndex)] >> (bit % 8)) & 1) value |= 1 << b;
        }
        out[size_t(i)] = kCrockford[value];
    }
    return out;
}

std::string nextUlid(std::string previous) {
    static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (auto it = previous.rbegin(); it != previous.rend(); ++it) {
        auto digit = kCrockford.find(*it);
        if (digit + 1 < kCrockford.size()) {
            *it = kCrockford[digit + 1];
            return previous;
        }
        *it = '0';  // carry
    }
    return previous;
}

std::string newUuid(Random& random) {
    std::array<std::uint8_t, 16> b{};
    random.fill(b);
    b[6] = std::uint8_t((b[6] & 0x0f) | 0x40);
    b[8] = std::uint8_t((b[8] & 0x3f) | 0x80);
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

bool isUlid(std::string_view text) {
    constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    return text.size() == 26 && text.find_first_not_of(kCrockford) == std::string_view::npos;
}

}  // namespace tessera::crypto
