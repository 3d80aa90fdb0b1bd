#pragma once

#include <optional>

#include "domain/Error.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// A business account's rules for new PATs (extension to PAT-8): whether an expiry is required
// and how far ahead it may lie. Existing tokens are not touched (PAT-1: immutable).
struct TokenPolicy {
    bool requireExpiry = false;
    std::optional<int> maxLifetimeDays;  // none: no upper bound

    friend bool operator==(const TokenPolicy&, const TokenPolicy&) = default;
};

inline constexpr int kMaxTokenLifetimeDays = 3650;

// The policy's own fields in range; names the bad field.
Result<void> validateTokenPolicy(const TokenPolicy& policy);

// A new token's expiry against the policy; the error names `expiresAt` and the rule.
Result<void> checkTokenPolicy(const TokenPolicy& policy, std::optional<Timestamp> expiresAt,
                              Timestamp now);

}  // namespace tessera::domain
