#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/NamedValues.h"

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

// Internal comes first: it is also the name of a value missing here.
constexpr domain::NamedValues<ErrorCode, 26> stableNames(ErrorCode) {
    return {{{
        {ErrorCode::Internal, "internal_error"},
        {ErrorCode::InvalidRequest, "invalid_request"},
        {ErrorCode::InvalidJson, "invalid_json"},
        {ErrorCode::InvalidPermission, "invalid_permission"},
        {ErrorCode::PermissionNotHeld, "permission_not_held"},
        {ErrorCode::TenantNotHeld, "tenant_not_held"},
        {ErrorCode::UnknownTenant, "unknown_tenant"},
        {ErrorCode::Unauthenticated, "unauthenticated"},
        {ErrorCode::Forbidden, "forbidden"},
        {ErrorCode::TenantOutOfScope, "tenant_not_in_scope"},
        {ErrorCode::NetworkNotAllowed, "network_not_allowed"},
        {ErrorCode::UserBeyondCaller, "user_beyond_your_rights"},
        {ErrorCode::NotFound, "not_found"},
        {ErrorCode::MethodNotAllowed, "method_not_allowed"},
        {ErrorCode::TokenImmutable, "token_immutable"},
        {ErrorCode::Conflict, "conflict"},
        {ErrorCode::VersionConflict, "version_conflict"},
        {ErrorCode::ConcurrentChange, "concurrent_change"},
        {ErrorCode::PatLimitReached, "pat_limit_reached"},
        {ErrorCode::PayloadTooLarge, "payload_too_large"},
        {ErrorCode::HeadersTooLarge, "headers_too_large"},
        {ErrorCode::RateLimited, "rate_limited"},
        {ErrorCode::UnsupportedMediaType, "unsupported_media_type"},
        {ErrorCode::PasswordChangeRequired, "password_change_required"},
        {ErrorCode::InvalidGrant, "invalid_grant"},
        {ErrorCode::Unavailable, "service_unavailable"},
    }}};
}

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
