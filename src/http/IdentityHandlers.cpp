#include <boost/json/object.hpp>

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"

namespace tessera::http {

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

HttpResponse handleGetPasswordPolicy(RequestContext& context) {
    auto policy = context.api.users.passwordPolicy(context.caller());
    boost::json::object fields;
    for (const auto& field : kPolicyFields) fields[field.name] = policy.*field.field;
    return jsonResponse(boost::json::object{{"passwordPolicies", std::move(fields)}});
}

// PasswordPolicyUpdateRequest: every field optional; the ones given replace the current values.
HttpResponse handleUpdatePasswordPolicy(RequestContext& context) {
    auto body = parseJsonStrict(context.request);
    if (!body) return problem(body.error());
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
    if (!updated) return problem(updated.error());
    return emptyResponse();
}

HttpResponse handleResetPassword(RequestContext& context) {
    auto password = parseJsonString(context.request);
    if (!password) return problem(password.error());
    auto reset =
        context.api.users.resetPassword(context.caller(), context.param("locator"), *password);
    if (!reset) return problem(reset.error());
    return emptyResponse();
}

}  // namespace tessera::http
