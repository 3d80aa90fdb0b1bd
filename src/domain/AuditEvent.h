#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/Timestamp.h"

namespace tessera::domain {

// AUD-1: one security-relevant fact, append-only. `data` never holds a secret: no token value,
// password, refresh token or key, only names and locators.
struct AuditEvent {
    std::string locator;  // ULID
    Timestamp timestamp{};
    std::string type;  // e.g. auth.token.create
    std::string businessAccount;
    std::string actorLocator;    // user locator; empty for an anonymous caller
    std::string actorMethod;     // password, jwt, pat, operator, anonymous
    std::string actorTokenName;  // when the actor used a PAT
    std::string requestId;
    std::string clientAddress;
    std::vector<std::pair<std::string, std::string>> data;
};

}  // namespace tessera::domain
