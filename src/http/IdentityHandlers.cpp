#include <boost/json/object.hpp>

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"

namespace tessera::http {

using namespace tessera::domain;

namespace {

struct PolicyField {
    const char* name;
    int domain::PasswordPolicy::*field;
};

constexpr PolicyField kPolicyFields[] = {
    {"digits", &domain::PasswordPolicy::digits},
    {"forceExpiredPasswordChange", &domain::PasswordPolicy::forceExpiredPasswordChange},
    {"length", &domain::PasswordPolicy::minLength},
    {"lowercase", &domain::PasswordPolicy::lowercase},
    {"maxLength", &domain::PasswordPolicy::maxLength},
    {"passwordHistory", &domain::PasswordPolicy::passwordHistory},
    {"specialChars", &domain::PasswordPolicy::specialChars},
    {"uppercase", &domain::PasswordPolicy::uppercase},
};

}  // namespace

Result<HttpResponse> handleGetPasswordPolicy(RequestContext& context) {
    auto policy = context.api.users.passwordPolicy(context.caller());
    boost::json::object fields;
    for (const auto& field : kPolicyFields) fields[field.name] = policy.*field.field;
    return jsonResponse(boost::json::object{{"passwordPolicies", std::move(fields)}});
}

// PasswordPolicyUpdateRequest: every field optional; the ones given replace the current values.
Result<HttpResponse> handleUpdatePasswordPolicy(RequestContext& context) {
    auto body = parseJsonStrict(context.request);
    TESSERA_TRY(body);
    auto* object = body->if_object();
    auto* policies = object ? object->if_contains("passwordPolicies") : nullptr;
    if (!object || object->size() != 1 || !policies || !policies->is_object()) {
        return problem(Error{ErrorCode::InvalidRequest,
                             "the body must be {\"passwordPolicies\": {…}}",
                             {"passwordPolicies"}});
    }
    auto policy = context.api.users.passwordPolicy(context.caller());
    std::vector<std::string> unknown, wrongType;
    for (const auto& member : policies->as_object()) {
        std::string_view key(member.key().data(), member.key().size());
        auto field = std::find_if(std::begin(kPolicyFields), std::end(kPolicyFields),
                                  [&](const PolicyField& f) { return key == f.name; });
        if (field == std::end(kPolicyFields)) {
            unknown.emplace_back(key);
        } else if (!member.value().is_int64() || member.value().as_int64() < INT32_MIN ||
                   member.value().as_int64() > INT32_MAX) {
            wrongType.emplace_back(key);
        } else {
            policy.*(field->field) = int(member.value().as_int64());
        }
    }
    if (!unknown.empty())
        return problem(
            Error{ErrorCode::InvalidRequest, "unknown password policy field(s)", unknown});
    if (!wrongType.empty())
        return problem(Error{ErrorCode::InvalidRequest, "must be integers", wrongType});
    auto updated = context.api.users.updatePasswordPolicy(context.caller(), policy);
    TESSERA_TRY(updated);
    return emptyResponse();
}

// The body is the new password as a JSON string (Socotra's shape); `?temporary=true`
// (extension) makes the user change it at the next login.
Result<HttpResponse> handleResetPassword(RequestContext& context) {
    auto password = parseJsonString(context.request);
    TESSERA_TRY(password);
    auto reset =
        context.api.credentials.resetPassword(context.caller(), context.targetUser->user.locator,
                                              *password, queryFlag(context.request, "temporary"));
    TESSERA_TRY(reset);
    return emptyResponse();
}

// Extension, unauthenticated: the current password proves who asks. The way out of an expired
// or temporary password.
Result<HttpResponse> handleChangePassword(RequestContext& context) {
    if (!context.api.authenticator.knowsBusinessAccount(context.param("ba")))
        return problem(ErrorCode::NotFound, "no such business account (realm)");
    auto body = readJsonObject(context.request,
                               {requiredField("userName"), requiredField("currentPassword"),
                                requiredField("newPassword")});
    TESSERA_TRY(body);
    auto changed = context.api.credentials.changePassword(
        context.param("ba"), body->string("userName"), body->string("currentPassword"),
        body->string("newPassword"), context.request.clientIp);
    TESSERA_TRY(changed);
    return emptyResponse(204);
}

Result<HttpResponse> handleRemoveCredentials(RequestContext& context) {
    auto removed = context.api.credentials.removeCredentials(context.caller(),
                                                             context.targetUser->user.locator);
    TESSERA_TRY(removed);
    return emptyResponse();
}

Result<HttpResponse> handleCredentialStatus(RequestContext& context) {
    auto optionalTime = [](const std::optional<Timestamp>& at) -> boost::json::value {
        return at ? boost::json::value(formatTimestamp(*at)) : nullptr;
    };
    return respond(
        context.api.credentials.status(context.caller(), context.targetUser->user.locator),
        [&](const service::CredentialStatus& status) {
            return jsonResponse(boost::json::object{
                {"passwordEnabled", status.passwordEnabled},
                {"temporaryPassword", status.temporaryPassword},
                {"createdAt", formatTimestamp(status.createdAt)},
                {"lastSessionStartAt", optionalTime(status.lastSessionStartAt)},
                {"lastSessionLastAccessAt", optionalTime(status.lastSessionLastAccessAt)},
                {"passwordChangedAt", optionalTime(status.passwordChangedAt)},
                {"passwordExpiresAt", optionalTime(status.passwordExpiresAt)}});
        });
}

Result<HttpResponse> handleGetTokenPolicy(RequestContext& context) {
    auto policy = context.api.tokens.policy(context.caller());
    return jsonResponse(boost::json::object{
        {"requireExpiry", policy.requireExpiry},
        {"maxLifetimeDays",
         policy.maxLifetimeDays ? boost::json::value(*policy.maxLifetimeDays) : nullptr}});
}

// Both fields replace the current policy; `maxLifetimeDays: null` removes the bound.
Result<HttpResponse> handleUpdateTokenPolicy(RequestContext& context) {
    auto body = parseJsonStrict(context.request);
    TESSERA_TRY(body);
    auto* object = body->if_object();
    if (!object) return problem(ErrorCode::InvalidRequest, "the body must be a JSON object");
    std::vector<std::string> unknown, wrongType;
    TokenPolicy policy;
    for (const auto& member : *object) {
        std::string_view key(member.key().data(), member.key().size());
        const auto& value = member.value();
        if (key == "requireExpiry") {
            if (value.is_bool())
                policy.requireExpiry = value.as_bool();
            else
                wrongType.emplace_back(key);
        } else if (key == "maxLifetimeDays") {
            if (value.is_int64() && value.as_int64() >= INT32_MIN && value.as_int64() <= INT32_MAX)
                policy.maxLifetimeDays = int(value.as_int64());
            else if (!value.is_null())
                wrongType.emplace_back(key);
        } else {
            unknown.emplace_back(key);
        }
    }
    if (!unknown.empty())
        return problem(Error{ErrorCode::InvalidRequest, "unknown token policy field(s)", unknown});
    if (!wrongType.empty()) {
        return problem(Error{ErrorCode::InvalidRequest,
                             "requireExpiry must be a boolean, maxLifetimeDays an integer or null",
                             wrongType});
    }
    auto updated = context.api.tokens.updatePolicy(context.caller(), policy);
    TESSERA_TRY(updated);
    return handleGetTokenPolicy(context);
}

}  // namespace tessera::http
