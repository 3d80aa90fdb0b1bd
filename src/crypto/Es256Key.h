#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "domain/Error.h"

namespace tessera::crypto {

// A P-256 key for ES256 (RFC 7518 section 3.4): signatures are raw r||s, 64 bytes.
// The key is parsed once; its `kid` is the RFC 7638 JWK thumbprint.
class Es256Key {
  public:
    static Result<Es256Key> generate();
    static Result<Es256Key> fromPrivatePem(std::string_view pem);
    // A verification-only key from a JWK's base64url coordinates.
    static Result<Es256Key> fromPublicCoordinates(std::string_view x, std::string_view y);

    Es256Key(Es256Key&&) noexcept;
    Es256Key& operator=(Es256Key&&) noexcept;
    ~Es256Key();

    std::string privatePem() const;
    const std::string& kid() const { return kid_; }
    // Base64url x and y coordinates for the JWK.
    const std::string& x() const { return x_; }
    const std::string& y() const { return y_; }
    std::string publicJwkJson() const;

    // Raw r||s with s in the lower half of the order ("low-S"): each token has one valid form.
    Result<std::string> sign(std::string_view data) const;
    // Either form verifies here (identity providers' signers do not all normalise); tokens this
    // service signed must also pass isLowS (verifyJws).
    bool verify(std::string_view data, std::string_view signature) const;
    static bool isLowS(std::string_view signature);

  private:
    struct Impl;
    explicit Es256Key(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    std::string kid_, x_, y_;
};

}  // namespace tessera::crypto
