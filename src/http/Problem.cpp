#include "http/Problem.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace tessera::http {
namespace {

std::string_view titleFor(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 431:
            return "Request Header Fields Too Large";
        case 429:
            return "Too Many Requests";
        case 503:
            return "Service Unavailable";
        default:
            return "Internal Server Error";
    }
}

}  // namespace

int statusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidRequest:
        case ErrorCode::InvalidJson:
        case ErrorCode::InvalidPermission:
        case ErrorCode::PermissionNotHeld:
        case ErrorCode::TenantNotHeld:
        case ErrorCode::UnknownTenant:
        case ErrorCode::InvalidGrant:
        case ErrorCode::PasswordChangeRequired:
            return 400;
        case ErrorCode::Unauthenticated:
            return 401;
        case ErrorCode::Forbidden:
        case ErrorCode::TenantOutOfScope:
        case ErrorCode::NetworkNotAllowed:
        case ErrorCode::UserBeyondCaller:
            return 403;
        case ErrorCode::NotFound:
            return 404;
        case ErrorCode::MethodNotAllowed:
        case ErrorCode::TokenImmutable:
            return 405;
        case ErrorCode::Conflict:
        case ErrorCode::VersionConflict:
        case ErrorCode::ConcurrentChange:
        case ErrorCode::PatLimitReached:
            return 409;
        case ErrorCode::PayloadTooLarge:
            return 413;
        case ErrorCode::HeadersTooLarge:
            return 431;
        case ErrorCode::RateLimited:
            return 429;
        case ErrorCode::UnsupportedMediaType:
            return 415;
        case ErrorCode::Unavailable:
            return 503;
        case ErrorCode::Internal:
            return 500;
    }
    return 500;
}

HttpResponse problem(const Error& error) {
    int status = statusFor(error.code);
    boost::json::object body;
    body["type"] = "urn:tessera:problem:" + std::string(domain::nameOf(error.code));
    body["title"] = titleFor(status);
    body["status"] = status;
    body["detail"] = error.message;
    body["code"] = domain::nameOf(error.code);
    if (!error.offending.empty()) {
        boost::json::array entries;
        for (const auto& entry : error.offending) entries.emplace_back(entry);
        body["invalidEntries"] = std::move(entries);
    }
    HttpResponse response;
    response.status = status;
    response.contentType = "application/problem+json";
    response.body = boost::json::serialize(body);
    if (status == 401) {
        response.header("WWW-Authenticate", "Bearer realm=\"tessera\", error=\"invalid_token\"");
    }
    if (error.retryAfterSeconds > 0) {
        response.header("Retry-After", std::to_string(error.retryAfterSeconds));
    } else if (status == 503 || status == 429) {
        response.header("Retry-After", "1");
    }
    return response;
}

HttpResponse problem(ErrorCode code, std::string message) {
    return problem(Error{code, std::move(message)});
}

}  // namespace tessera::http
