#include "crypto/PatFormat.h"

#include "crypto/Base62.h"
#include "crypto/Crc32.h"

namespace tessera::crypto {

std::string generatePatValue(Random& random) {
    std::string value(kPatPrefix);
    value += randomBase62(random, kPatRandomLength);
    value += encodeBase62(crc32Of(value), kPatChecksumLength);
    return value;
}

bool hasPatFormat(std::string_view value) {
    if (value.size() != kPatLength || !value.starts_with(kPatPrefix)) return false;
    auto body = value.substr(0, kPatLength - kPatChecksumLength);
    auto checksum = value.substr(kPatLength - kPatChecksumLength);
    if (!isBase62(body.substr(kPatPrefix.size()))) return false;
    auto decoded = decodeBase62(checksum);
    return decoded && *decoded == crc32Of(body);
}

}  // namespace tessera::crypto
