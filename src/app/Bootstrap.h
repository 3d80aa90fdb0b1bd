#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/Es256Key.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Random.h"
#include "service/Writer.h"

namespace tessera::app {

// The secrets a data directory holds, created on first start with mode 0600 (DESIGN section 5).
struct DataDirectory {
    std::string databasePath;
    std::vector<std::uint8_t> pepper;
    crypto::Es256Key signingKey;
    std::vector<std::uint8_t> secretsKey;  // 32 bytes: client secrets at rest (SecretBox)
};

DataDirectory openDataDirectory(const std::string& path, crypto::Random& random);

// Creates a business account with its first admin. An empty `password` means: generate one and
// print it once to standard output. Throws on invalid input (start-up and operator errors only).
void createBusinessAccount(service::Writer& writer, const service::Directory& directory,
                           const crypto::PasswordHasher& hasher, crypto::Random& random,
                           const std::string& name, const std::string& adminUser,
                           std::string password);

std::string generatePassword(crypto::Random& random);

}  // namespace tessera::app
