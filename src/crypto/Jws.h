#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/Es256Key.h"
#include "domain/Error.h"

namespace tessera::crypto {

// JWS compact serialisation (RFC 7515) with ES256 only. The key decides the algorithm: a header
// naming anything else, `none` included, is rejected.
std::string signJws(const Es256Key& key, std::string_view payloadJson);

// The three base64url sections of a compact JWS, and the signing input (header.payload).
struct JwsSections {
    std::string_view header, payload, signature, signingInput;
};
std::optional<JwsSections> splitJws(std::string_view token);

enum class JwsError { Malformed, UnknownKey, WrongAlgorithm, BadSignature };

struct JwsParts {
    std::string kid;
    std::string payloadJson;
};

// Splits and decodes without verifying; `verifyJws` checks the signature with the found key.
std::expected<JwsParts, JwsError> decodeJws(std::string_view token);
std::expected<std::string, JwsError> verifyJws(std::string_view token, const Es256Key& key);

}  // namespace tessera::crypto
