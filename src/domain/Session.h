#pragma once

#include <string>
#include <vector>

#include "domain/PersonalAccessToken.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// A login session (JWT-1): every access token it issues carries its id as `jti`, so ending the
// session ends them all at once (JWT-2). The refresh token is stored as its keyed hash only.
struct Session {
    std::string id;
    std::string userLocator;
    std::string businessAccount;
    SecretDigest refreshHash{};
    // Refresh tokens this session already rotated away from: presenting one again means it was
    // stolen, and ends the session (reuse detection). The newest last; bounded.
    std::vector<SecretDigest> retiredRefreshHashes;
    Timestamp createdAt{};
    Timestamp refreshExpiresAt{};
};

}  // namespace tessera::domain
