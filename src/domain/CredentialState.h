#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/Timestamp.h"

namespace tessera::domain {

// What JWT-3 needs to know about a user's password beyond its hash, and when the user last used
// a session (credentialStatus).
struct CredentialState {
    // argon2id strings of earlier passwords, newest last; bounded by the policy's history.
    std::vector<std::string> previousPasswordHashes;
    std::optional<Timestamp> passwordChangedAt;
    bool temporaryPassword = false;  // must be changed at the next login
    std::optional<Timestamp> lastSessionStartAt;
    std::optional<Timestamp> lastSessionAccessAt;

    friend bool operator==(const CredentialState&, const CredentialState&) = default;
};

}  // namespace tessera::domain
