#pragma once

#include <string>
#include <string_view>

#include "domain/Error.h"

namespace tessera::crypto {

// argon2id through libsodium (JWT-3): m = 19 MiB, t = 2. Slow on purpose: callers run it on
// the worker pool, never on an I/O thread.
class PasswordHasher {
  public:
    PasswordHasher();
    Result<std::string> hash(std::string_view password) const;
    bool verify(std::string_view storedHash, std::string_view password) const;
    // Spends the same time as a real verification; used for unknown users.
    void verifyDummy(std::string_view password) const;

  private:
    std::string dummyHash_;
};

}  // namespace tessera::crypto
