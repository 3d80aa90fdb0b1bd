#pragma once

#include <optional>
#include <string_view>

#include "domain/Error.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// PAT-6
inline constexpr int kDefaultPatLimit = 3;
inline constexpr int kMaxPatLimit = 10;

// PAT-9: 1-100 printable characters, no `/`.
Result<void> validateTokenName(std::string_view name);

// PAT-8 and PAT-3: the expiry must lie in the future and, when the creator is itself a token,
// not after the creator's own expiry.
Result<void> validateTokenExpiry(std::optional<Timestamp> requested, Timestamp now,
                                 bool creatorIsToken, std::optional<Timestamp> creatorExpiry);

}  // namespace tessera::domain
