#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
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
    TenantOutOfScope,   // SCOPE-2
    NetworkNotAllowed,  // PAT-12
    UserBeyondCaller,   // USR-2
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

// Passes the Error of a failed Result up from the function it stands in, whose own result must
// accept a std::unexpected<Error> (a Result, or a handler's Result<HttpResponse>), as absl's
// RETURN_IF_ERROR does for a Status. It is the one way a rejection travels up a call.
#define TESSERA_TRY(...)                                             \
    do {                                                             \
        if (auto&& tesseraTried = (__VA_ARGS__); !tesseraTried)      \
            return std::unexpected(std::move(tesseraTried).error()); \
    } while (false)
