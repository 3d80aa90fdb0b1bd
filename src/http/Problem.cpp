#include "http/Problem.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <initializer_list>

namespace tessera::http {
namespace {

// Each status a problem is answered with: its title and the codes answered with it.
struct ProblemStatus {
    int status;
    std::string_view title;
    std::initializer_list<ErrorCode> codes;
};

constexpr ProblemStatus kStatuses[] = {
    {500, "Internal Server Error", {ErrorCode::Internal}},
    {400,
     "Bad Request",
     {ErrorCode::InvalidRequest, ErrorCode::InvalidJson, ErrorCode::InvalidPermission,
      ErrorCode::PermissionNotHeld, ErrorCode::TenantNotHeld, ErrorCode::UnknownTenant,
      ErrorCode::InvalidGrant, ErrorCode::PasswordChangeRequired}},
    {401, "Unauthorized", {ErrorCode::Unauthenticated}},
    {403,
     "Forbidden",
     {ErrorCode::Forbidden, ErrorCode::TenantOutOfScope, ErrorCode::NetworkNotAllowed,
      ErrorCode::UserBeyondCaller}},
    {404, "Not Found", {ErrorCode::NotFound}},
    {405, "Method Not Allowed", {ErrorCode::MethodNotAllowed, ErrorCode::TokenImmutable}},
    {409,
     "Conflict",
     {ErrorCode::Conflict, ErrorCode::VersionConflict, ErrorCode::ConcurrentChange,
      ErrorCode::PatLimitReached}},
    {413, "Content Too Large", {ErrorCode::PayloadTooLarge}},
    {415, "Unsupported Media Type", {ErrorCode::UnsupportedMediaType}},
    {429, "Too Many Requests", {ErrorCode::RateLimited}},
    {431, "Request Header Fields Too Large", {ErrorCode::HeadersTooLarge}},
    {503, "Service Unavailable", {ErrorCode::Unavailable}},
};

// The status of a code; the first (500) for a code the table lacks.
const ProblemStatus& problemStatus(ErrorCode code) {
    for (const auto& entry : kStatuses) {
        if (std::ranges::find(entry.codes, code) != entry.codes.end()) return entry;
    }
    return kStatuses[0];
}

// Each code has exactly one status (what the switch's exhaustiveness warning gave).
constexpr bool eachCodeHasOneStatus() {
    for (const auto& [code, name] : domain::kStableNames<ErrorCode>.entries) {
        long statuses = 0;
        for (const auto& entry : kStatuses) statuses += std::ranges::count(entry.codes, code);
        if (statuses != 1) return false;
    }
    return true;
}
static_assert(eachCodeHasOneStatus());

}  // namespace

int statusFor(ErrorCode code) {
    return problemStatus(code).status;
}

HttpResponse problem(const Error& error) {
    const ProblemStatus& answer = problemStatus(error.code);
    int status = answer.status;
    boost::json::object body;
    body["type"] = "urn:tessera:problem:" + std::string(domain::nameOf(error.code));
    body["title"] = answer.title;
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
