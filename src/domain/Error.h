#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

// Stable error codes: clients match on these, so never rename one.
enum class ErrorCode {
    InvalidRequest,
    InvalidJson,
    InvalidPermission,
    PermissionNotHeld,
    TenantNotHeld,
    UnknownTenant,
    Unauthenticated,
    Forbidden,
    TenantOutOfScope,  // SCOPE-2
    UserBeyondCaller,  // USR-2
    NotFound,
    MethodNotAllowed,
    TokenImmutable,
    Conflict,
    VersionConflict,
    ConcurrentChange,  // another writer changed the entity between prepare and commit
    PatLimitReached,
    PayloadTooLarge,
    HeadersTooLarge,
    RateLimited,
    UnsupportedMediaType,
    InvalidGrant,
    PasswordChangeRequired,
    Unavailable,
    Internal,
};

std::string_view errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
    // The entries a request named that caused the error (PERM-2, PAT-2): each is reported.
    std::vector<std::string> offending = {};
    int retryAfterSeconds = 0;  // for rate limits and lockouts: when to try again
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message,
                                   std::vector<std::string> offending = {}) {
    return std::unexpected(Error{code, std::move(message), std::move(offending)});
}

}  // namespace tessera
