#include "domain/Error.h"

#include "domain/NamedValues.h"

namespace tessera {
namespace {

// Internal comes first: it is also the name of a value missing here.
constexpr domain::NamedValues<ErrorCode, 26> kCodes{{{
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
static_assert(kCodes.namesEachValueOnce());

}  // namespace

std::string_view errorCodeName(ErrorCode code) {
    return kCodes.name(code);
}

}  // namespace tessera
