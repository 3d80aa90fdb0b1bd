#include <boost/json/object.hpp>
#include "http/Query.h"

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"
#include "http/RoutePolicy.h"

namespace tessera::http {

using namespace tessera::domain;

namespace {

Result<HttpResponse> userResponse(RequestContext& context, const Result<service::UserRef>& user) {
    return respond(user,
                   [&](const auto& entry) { return jsonResponse(userJson(context.api, *entry)); });
}

using GrantChange = Result<service::UserRef> (service::UserService::*)(
    const service::Principal&, std::string_view, const std::vector<std::string>&,
    const std::vector<std::string>&);

// A PATCH of a user's roles or tenants: `{addX: [...], removeX: [...]}`, both required.
Result<HttpResponse> changeUserGrants(RequestContext& context, std::string_view addField,
                                      std::string_view removeField, GrantChange change) {
    auto body = readJsonObject(context.request, {requiredField(addField, JsonType::Strings),
                                                 requiredField(removeField, JsonType::Strings)});
    TESSERA_TRY(body);
    return userResponse(
        context, (context.api.users.*change)(context.caller(), context.targetUser->user.locator,
                                             body->strings(addField), body->strings(removeField)));
}

constexpr std::size_t kMaxSearchLength = 254;  // the longest user name

// GET /auth/users/list and /basic/list: `{listCompleted, items}` for `offset`/`count`, cut from
// the users the optional `search` matches (extension), with `totalCount` (extension): how many
// it matched, so that a console pages through thousands without fetching them all.
template <class ToJson>
Result<HttpResponse> userList(RequestContext& context, ToJson toJson) {
    auto fields = parseQueryString(context.request.query);
    if (!fields) return problem(ErrorCode::InvalidRequest, "the query string is malformed");
    auto search = queryValue(*fields, "search").value_or("");
    if (search.size() > kMaxSearchLength) {
        return problem(
            Error{ErrorCode::InvalidRequest, "search must be at most 254 characters", {"search"}});
    }
    return listResponse(context.request, context.api.users.list(context.caller(), search), toJson,
                        ListTotal::Included);
}

}  // namespace

Result<HttpResponse> handleCreateUser(RequestContext& context) {
    auto body = readJsonObject(
        context.request,
        {requiredField("userName"), requiredField("firstName"), requiredField("lastName"),
         optionalField("password"), optionalField("temporaryPassword", JsonType::Bool),
         optionalField("serviceAccount", JsonType::Bool), optionalField("email"),
         optionalField("tenants", JsonType::Strings), optionalField("roles", JsonType::Strings)});
    TESSERA_TRY(body);
    service::NewUser request;
    request.userName = body->string("userName");
    request.firstName = body->string("firstName");
    request.lastName = body->string("lastName");
    request.password = body->optionalString("password");
    request.temporaryPassword = body->optionalBool("temporaryPassword").value_or(false);
    request.serviceAccount = body->optionalBool("serviceAccount").value_or(false);
    request.email = body->optionalString("email").value_or("");
    request.tenants = body->optionalStrings("tenants").value_or(std::vector<std::string>{});
    request.roles = body->optionalStrings("roles").value_or(std::vector<std::string>{});
    request.enable = queryFlag(context.request, "enableUser");
    return userResponse(context, context.api.users.create(context.caller(), request));
}

Result<HttpResponse> handleWhoami(RequestContext& context) {
    const auto& caller = context.caller();
    auto body = userJson(context.api, *caller.user);
    boost::json::object authentication;
    if (caller.method == service::AuthMethod::Pat) {
        // With a PAT, permissions and tenants are the token's effective rights (PAT-4).
        auto effective = context.api.tokens.effectiveRights(*caller.token);
        body["permissions"] = stringArray(effective->effectivePermissions);
        body["tenants"] = stringArray(effective->effectiveTenants);
        authentication["method"] = "pat";
        authentication["tokenName"] = caller.token->token.name;
    } else {
        authentication["method"] = "jwt";
        authentication["tokenName"] = nullptr;
    }
    authentication["expiresAt"] =
        caller.credentialExpiresAt
            ? boost::json::value(formatTimestamp(*caller.credentialExpiresAt))
            : nullptr;
    body["authentication"] = std::move(authentication);
    return jsonResponse(body);
}

Result<HttpResponse> handleGetUser(RequestContext& context) {
    return jsonResponse(userJson(context.api, *context.targetUser));
}

Result<HttpResponse> handleGetUsersByName(RequestContext& context) {
    boost::json::array items;
    auto user = context.api.users.findByName(context.caller(), context.param("username"));
    if (user) items.push_back(userJson(context.api, *user));
    return jsonResponse(items);
}

Result<HttpResponse> handleListUsers(RequestContext& context) {
    return userList(context, [&](const auto& user) { return userJson(context.api, *user); });
}

Result<HttpResponse> handleListBasicUsers(RequestContext& context) {
    return userList(context, [](const auto& user) { return basicUserJson(*user); });
}

Result<HttpResponse> handleUpdateUser(RequestContext& context) {
    auto body = readJsonObject(
        context.request,
        {refusedField(
             "permissions",
             "permissions are never given to users directly: assign roles instead (ROLE-1)"),
         requiredField("firstName"), requiredField("lastName"),
         requiredField("tenants", JsonType::Strings), optionalField("email"),
         optionalField("roles", JsonType::Strings)});
    TESSERA_TRY(body);
    service::UserChanges changes{body->string("firstName"), body->string("lastName"),
                                 body->optionalString("email"), body->strings("tenants"),
                                 body->optionalStrings("roles")};
    return userResponse(context,
                        context.api.users.update(context.caller(), context.targetUser->user.locator,
                                                 changes, userEditFor(context)));
}

Result<HttpResponse> handleUpdateUserRoles(RequestContext& context) {
    return changeUserGrants(context, "addRoles", "removeRoles", &service::UserService::changeRoles);
}

Result<HttpResponse> handleUpdateUserTenants(RequestContext& context) {
    return changeUserGrants(context, "addTenants", "removeTenants",
                            &service::UserService::changeTenants);
}

Result<HttpResponse> handleEnableUser(RequestContext& context) {
    return userResponse(context, context.api.users.setEnabled(
                                     context.caller(), context.targetUser->user.locator, true));
}

Result<HttpResponse> handleDisableUser(RequestContext& context) {
    return userResponse(context, context.api.users.setEnabled(
                                     context.caller(), context.targetUser->user.locator, false));
}

Result<HttpResponse> handleDeleteUser(RequestContext& context) {
    auto removed = context.api.users.remove(context.caller(), context.targetUser->user.locator);
    TESSERA_TRY(removed);
    return emptyResponse();
}

Result<HttpResponse> handleUserPermissions(RequestContext& context) {
    return jsonResponse(stringArray(context.targetUser->rights.permissions.toStrings()));
}

Result<HttpResponse> handleUserTenantPermissions(RequestContext& context) {
    // The router checked that the tenant is in the caller's scope (SCOPE-2).
    const auto& rights = context.targetUser->rights;
    bool reaches = rights.enabled && rights.scope.covers(*context.tenant);
    // ROLE-2: a role with permissions of its own on this tenant uses those there.
    return jsonResponse(stringArray(reaches ? rights.permissionsOn(context.tenant.get()).toStrings()
                                            : std::vector<std::string>{}));
}

}  // namespace tessera::http
