#include "domain/Error.h"

namespace tessera {

std::string_view errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidRequest:
            return "invalid_request";
        case ErrorCode::InvalidJson:
            return "invalid_json";
        case ErrorCode::InvalidPermission:
            return "invalid_permission";
        case ErrorCode::PermissionNotHeld:
            return "permission_not_held";
        case ErrorCode::TenantNotHeld:
            return "tenant_not_held";
        case ErrorCode::UnknownTenant:
            return "unknown_tenant";
        case ErrorCode::Unauthenticated:
            return "unauthenticated";
        case ErrorCode::Forbidden:
            return "forbidden";
        case ErrorCode::TenantOutOfScope:
            return "tenant_not_in_scope";
        case ErrorCode::UserBeyondCaller:
            return "user_beyond_your_rights";
        case ErrorCode::NotFound:
            return "not_found";
        case ErrorCode::MethodNotAllowed:
            return "method_not_allowed";
        case ErrorCode::TokenImmutable:
            return "token_immutable";
        case ErrorCode::Conflict:
            return "conflict";
        case ErrorCode::VersionConflict:
            return "version_conflict";
        case ErrorCode::ConcurrentChange:
            return "concurrent_change";
        case ErrorCode::PatLimitReached:
            return "pat_limit_reached";
        case ErrorCode::PayloadTooLarge:
            return "payload_too_large";
        case ErrorCode::HeadersTooLarge:
            return "headers_too_large";
        case ErrorCode::RateLimited:
            return "rate_limited";
        case ErrorCode::UnsupportedMediaType:
            return "unsupported_media_type";
        case ErrorCode::PasswordChangeRequired:
            return "password_change_required";
        case ErrorCode::InvalidGrant:
            return "invalid_grant";
        case ErrorCode::Unavailable:
            return "service_unavailable";
        case ErrorCode::Internal:
            return "internal_error";
    }
    return "internal_error";
}

}  // namespace tessera
