#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/CredentialState.h"
#include "domain/PasswordPolicy.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// JWT-3: when a password stops being accepted for login; none when the policy sets no expiry or
// the password was never set.
std::optional<Timestamp> passwordExpiresAt(const CredentialState& state,
                                           const PasswordPolicy& policy);

enum class PasswordChange { NotRequired, Temporary, Expired };

// Whether a login with a correct password must first change it.
PasswordChange passwordChangeRequired(const CredentialState& state, const PasswordPolicy& policy,
                                      Timestamp now);

// The hashes a new password must not match (JWT-3 "last N not reused"): the current one and the
// most recent earlier ones, N in all.
std::vector<std::string> hashesBarredFromReuse(const CredentialState& state,
                                               const std::string& currentHash,
                                               const PasswordPolicy& policy);

// The state after a password change: the old hash joins the history (trimmed to what the policy
// can still bar), the change time is recorded and `temporary` is set as given.
CredentialState afterPasswordChange(CredentialState state, const std::string& oldHash,
                                    const PasswordPolicy& policy, Timestamp now, bool temporary);

}  // namespace tessera::domain
