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

}  // namespace

Result<HttpResponse> handleCreateUser(RequestContext& context) {
    auto reader = JsonObjectReader::open(
        context.request, {"userName", "firstName", "lastName", "password", "temporaryPassword",
                          "serviceAccount", "email", "tenants", "roles"});
    TESSERA_TRY(reader);
    auto userName = reader->requiredString("userName");
    auto firstName = reader->requiredString("firstName");
    auto lastName = reader->requiredString("lastName");
    auto password = reader->optionalString("password");
    auto temporary = reader->optionalBool("temporaryPassword");
    auto serviceAccount = reader->optionalBool("serviceAccount");
    auto email = reader->optionalString("email");
    auto tenants = reader->optionalStrings("tenants");
    auto roles = reader->optionalStrings("roles");
    if (auto error = firstError(userName, firstName, lastName, password, temporary, serviceAccount,
                                email, tenants, roles)) {
        return problem(*error);
    }
    service::NewUser request;
    request.userName = *userName;
    request.firstName = *firstName;
    request.lastName = *lastName;
    request.password = *password;
    request.temporaryPassword = temporary->value_or(false);
    request.serviceAccount = serviceAccount->value_or(false);
    request.email = email->value_or("");
    request.tenants = tenants->value_or(std::vector<std::string>{});
    request.roles = roles->value_or(std::vector<std::string>{});
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
    return listResponse(context.request, context.api.users.list(context.caller()),
                        [&](const auto& user) { return userJson(context.api, *user); });
}

Result<HttpResponse> handleListBasicUsers(RequestContext& context) {
    return listResponse(context.request, context.api.users.list(context.caller()),
                        [](const auto& user) { return basicUserJson(*user); });
}

Result<HttpResponse> handleUpdateUser(RequestContext& context) {
    auto reader = JsonObjectReader::open(
        context.request, {"firstName", "lastName", "tenants", "email", "roles", "permissions"});
    TESSERA_TRY(reader);
    if (reader->has("permissions")) {
        return problem(
            Error{ErrorCode::InvalidRequest,
                  "permissions are never given to users directly: assign roles instead (ROLE-1)",
                  {"permissions"}});
    }
    auto firstName = reader->requiredString("firstName");
    auto lastName = reader->requiredString("lastName");
    auto tenants = reader->requiredStrings("tenants");
    auto email = reader->optionalString("email");
    auto roles = reader->optionalStrings("roles");
    if (auto error = firstError(firstName, lastName, tenants, email, roles)) return problem(*error);
    service::UserChanges changes{*firstName, *lastName, *email, *tenants, *roles};
    return userResponse(context,
                        context.api.users.update(context.caller(), context.targetUser->user.locator,
                                                 changes, userEditFor(context)));
}

Result<HttpResponse> handleUpdateUserRoles(RequestContext& context) {
    auto reader = JsonObjectReader::open(context.request, {"addRoles", "removeRoles"});
    TESSERA_TRY(reader);
    auto add = reader->requiredStrings("addRoles");
    auto remove = reader->requiredStrings("removeRoles");
    if (auto error = firstError(add, remove)) return problem(*error);
    return userResponse(
        context, context.api.users.changeRoles(context.caller(), context.targetUser->user.locator,
                                               *add, *remove));
}

Result<HttpResponse> handleUpdateUserTenants(RequestContext& context) {
    auto reader = JsonObjectReader::open(context.request, {"addTenants", "removeTenants"});
    TESSERA_TRY(reader);
    auto add = reader->requiredStrings("addTenants");
    auto remove = reader->requiredStrings("removeTenants");
    if (auto error = firstError(add, remove)) return problem(*error);
    return userResponse(
        context, context.api.users.changeTenants(context.caller(), context.targetUser->user.locator,
                                                 *add, *remove));
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
