#pragma once

#include <string>
#include <string_view>

#include "crypto/Random.h"
#include "domain/Timestamp.h"

namespace tessera::crypto {

// ULID: 48-bit milliseconds + 80 random bits, Crockford base32 (26 characters).
std::string newUlid(Random& random, std::chrono::system_clock::time_point now);
// The ULID right after `previous` (its last digits incremented): the ULID spec's monotonic
// rule for several in the same millisecond. `previous` must be a ULID that is not all Z.
std::string nextUlid(std::string previous);
// 26 characters of Crockford base32, as newUlid makes them (paging tokens are checked with it).
bool isUlid(std::string_view text);
// RFC 9562 version 4 UUID, lower case.
std::string newUuid(Random& random);

}  // namespace tessera::crypto
