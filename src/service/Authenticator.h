#pragma once

#include <string>
#include <string_view>

#include "crypto/Es256Key.h"
#include "crypto/KeyedHash.h"
#include "domain/Error.h"
#include "service/Clock.h"
#include "service/Directory.h"
#include "service/Principal.h"
#include "service/SigningKeys.h"
#include "service/VerifiedJwtCache.h"

namespace tessera::service {

// The hot path (docs/architecture.md): bearer -> PAT (format, keyed hash, index, expiry, owner) or
// JWT (verified-token cache, then session and user). No store access, no lock held across I/O.
class Authenticator {
  public:
    Authenticator(const Directory& directory, const crypto::KeyedHash& keyedHash,
                  const SigningKeys& signingKeys, const Clock& clock, std::string publicUrl);

    // `authorization` is the whole Authorization header value.
    Result<Principal> authenticate(std::string_view authorization,
                                   const domain::ClientAddress& client);
    Result<Principal> authenticateBearer(std::string_view bearer,
                                         const domain::ClientAddress& client);
    // As authenticateBearer, for introspection: a look at a token is not a use of it.
    Result<Principal> inspect(std::string_view bearer);

    std::string issuerFor(std::string_view businessAccount) const;
    // Whether a business account (a realm in the API's paths) of this name exists.
    bool knowsBusinessAccount(std::string_view name) const;
    void forgetVerifiedTokens();
    // Verified-JWT cache hits, misses and entries since start.
    VerifiedJwtCache::Stats jwtCacheStats() const { return verifiedJwts_.stats(); }

  private:
    // `client`: the use's client, to check (PAT-12) and record; none when the token is only
    // inspected (introspection, logout), which records nothing.
    Result<Principal> authenticatePat(std::string_view value, const domain::ClientAddress* client);
    Result<Principal> authenticateJwt(std::string_view value);
    Result<VerifiedJwt> verifyJwt(std::string_view value) const;

    // Per thread shard; 4096 tokens per generation keeps a shard within a few MiB.
    static constexpr std::size_t kJwtsPerGeneration = 4096;

    const Directory& directory_;
    const crypto::KeyedHash& keyedHash_;
    const SigningKeys& signingKeys_;
    const Clock& clock_;
    std::string publicUrl_;
    VerifiedJwtCache verifiedJwts_{kJwtsPerGeneration};
};

}  // namespace tessera::service
