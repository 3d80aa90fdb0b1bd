#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/Jws.h"
#include "domain/Error.h"

namespace tessera::crypto {

// An identity provider's public signing keys (a JWKS, RFC 7517) for verifying its ID tokens.
// The key decides the algorithm (RSA: RS256, EC P-256: ES256); a token whose header names
// another algorithm, `none` or HS256 included, is refused. Keys of other types are ignored.
class JwkSet {
  public:
    static Result<JwkSet> parse(std::string_view jwksJson);

    JwkSet(JwkSet&&) noexcept;
    JwkSet& operator=(JwkSet&&) noexcept;
    ~JwkSet();

    size_t size() const;
    bool hasKey(std::string_view kid) const;
    // The verified payload; UnknownKey when no key has the token's `kid` (the caller may then
    // refresh the set).
    std::expected<std::string, JwsError> verify(std::string_view token) const;

  private:
    struct Key;
    JwkSet();
    std::vector<std::unique_ptr<Key>> keys_;
};

}  // namespace tessera::crypto
