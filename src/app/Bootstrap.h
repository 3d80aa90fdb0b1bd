#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crypto/Es256Key.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Random.h"
#include "domain/Timestamp.h"
#include "service/Writer.h"
#include "store/SqlStore.h"

namespace tessera::app {

// Where a process finds its store: a PostgreSQL URL (several instances), or else the SQLite
// file in the data directory; and the master key that seals the key material in it.
struct StoreOptions {
    std::string dataDir = "./tessera-data";
    std::string url;            // postgresql://… ; empty: SQLite in dataDir
    std::string masterKeyFile;  // required with PostgreSQL; SQLite default: dataDir/master-key
};

// The opened store and the key material every instance shares: created sealed in the store by
// the first process on an empty one, opened with the master key by every other.
struct Deployment {
    std::unique_ptr<store::SqlStore> store;
    std::vector<std::uint8_t> pepper;
    std::shared_ptr<const crypto::Es256Key> signingKey;
    domain::Timestamp signingKeyCreatedAt{};  // stored (or rotated in) then
    // Keys retired by rotate-signing-key, with when (they verify for a token lifetime after).
    std::vector<std::pair<std::shared_ptr<const crypto::Es256Key>, domain::Timestamp>> retiredKeys;
    std::string masterKeyFile;             // to read the signing keys again after a rotation
    std::vector<std::uint8_t> secretsKey;  // 32 bytes: client secrets at rest (SecretBox)
};

// Throws std::runtime_error with a message for the operator (start-up errors only).
Deployment openDeployment(const StoreOptions& options, crypto::Random& random,
                          const std::string& origin);

// The 32 bytes of a master key file (0600, owned by this user); throws with what is wrong.
std::vector<std::uint8_t> readMasterKeyFile(const std::string& path);

// The signing keys as stored now (after a rotation another process made).
void reloadSigningKeys(Deployment& deployment);

// rotate-signing-key: a new key signs from now on; the current one is kept as retired, and
// keys retired more than a day ago (longer than any token lives) are removed. Returns the new
// key's kid.
std::string rotateSigningKey(Deployment& deployment);

// A new 32-byte master key in a 0600 file; refuses to replace an existing file.
void generateMasterKey(const std::string& path, crypto::Random& random);

// Creates a business account with its first admin. An empty `password` means: generate one and
// print it once to standard output. Throws on invalid input (start-up and operator errors only).
void createBusinessAccount(service::Writer& writer, const service::Directory& directory,
                           const crypto::PasswordHasher& hasher, crypto::Random& random,
                           const std::string& name, const std::string& adminUser,
                           std::string password);

std::string generatePassword(crypto::Random& random);

}  // namespace tessera::app
