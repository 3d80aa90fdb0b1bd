#include "domain/PatRules.h"

#include "domain/DisplayText.h"

namespace tessera::domain {

Result<void> validateTokenName(std::string_view name) {
    if (name.empty() || name.size() > 100) {
        return fail(ErrorCode::InvalidRequest, "name must be 1 to 100 characters", {"name"});
    }
    if (name.find('/') != std::string_view::npos)
        return fail(ErrorCode::InvalidRequest, "name must not contain '/'", {"name"});
    return checkDisplaySafe(name, "name");
}

Result<void> validateTokenExpiry(std::optional<Timestamp> requested, Timestamp now,
                                 bool creatorIsToken, std::optional<Timestamp> creatorExpiry) {
    if (requested && *requested <= now) {
        return fail(ErrorCode::InvalidRequest, "expiresAt must be in the future");
    }
    if (creatorIsToken && creatorExpiry && (!requested || *requested > *creatorExpiry)) {
        return fail(ErrorCode::InvalidRequest,
                    "a token created with another token cannot outlive it: expiresAt must be at or "
                    "before the calling token's expiry");
    }
    return {};
}

}  // namespace tessera::domain
