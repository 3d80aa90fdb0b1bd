#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"

namespace tessera::http {

namespace {

Result<HttpResponse> roleResponse(RequestContext& context, const Result<service::RoleRef>& role) {
    return respond(role,
                   [&](const auto& found) { return jsonResponse(roleJson(context.api, *found)); });
}

// RoleResponse for a role on one tenant: its permissions and version there (ROLE-2).
boost::json::object tenantRoleJson(const service::TenantRoleView& view) {
    boost::json::object out;
    out["locator"] = view.role->locator;
    out["name"] = view.role->name;
    out["description"] =
        view.override.description.empty() ? view.role->description : view.override.description;
    out["permissions"] = stringArray(view.override.permissions);
    out["version"] = view.override.version;
    out["createdAt"] = domain::formatTimestamp(view.override.createdAt);
    out["createdBy"] = view.override.createdBy;
    out["tenantLocator"] = view.tenantLocator;  // extension
    return out;
}

Result<HttpResponse> tenantRoleResponse(const Result<service::TenantRoleView>& view) {
    return respond(view, [](const auto& found) { return jsonResponse(tenantRoleJson(found)); });
}

}  // namespace

Result<HttpResponse> handleGetTenantRole(RequestContext& context) {
    return tenantRoleResponse(context.api.roles.findTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator")));
}

Result<HttpResponse> handleCreateTenantRole(RequestContext& context) {
    auto body = readJsonObject(context.request, {requiredField("permissions", JsonType::Strings),
                                                 optionalField("description")});
    TESSERA_TRY(body);
    return tenantRoleResponse(context.api.roles.createTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"),
        body->strings("permissions"), body->optionalString("description").value_or("")));
}

Result<HttpResponse> handleUpdateTenantRole(RequestContext& context) {
    auto body =
        readJsonObject(context.request, {requiredField("version", JsonType::Integer),
                                         requiredField("addPermissions", JsonType::Strings),
                                         requiredField("removePermissions", JsonType::Strings),
                                         optionalField("description")});
    TESSERA_TRY(body);
    service::TenantRoleChanges changes{body->integer("version"), body->strings("addPermissions"),
                                       body->strings("removePermissions"),
                                       body->optionalString("description")};
    return tenantRoleResponse(context.api.roles.updateTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"), changes));
}

Result<HttpResponse> handleDeleteTenantRole(RequestContext& context) {
    auto removed = context.api.roles.removeTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"));
    TESSERA_TRY(removed);
    return emptyResponse();
}

Result<HttpResponse> handleListTenantRoles(RequestContext& context) {
    auto views = context.api.roles.tenantRoles(context.caller(), context.param("tenantLocator"));
    TESSERA_TRY(views);
    return listResponse(context.request, *views,
                        [](const auto& view) { return tenantRoleJson(view); });
}

Result<HttpResponse> handleCreateRole(RequestContext& context) {
    auto body = readJsonObject(
        context.request, {requiredField("name"), requiredField("permissions", JsonType::Strings),
                          requiredField("description")});
    TESSERA_TRY(body);
    return roleResponse(context, context.api.roles.create(context.caller(), body->string("name"),
                                                          body->string("description"),
                                                          body->strings("permissions")));
}

Result<HttpResponse> handleGetRole(RequestContext& context) {
    return roleResponse(context,
                        context.api.roles.find(context.caller(), context.param("locator")));
}

Result<HttpResponse> handleUpdateRole(RequestContext& context) {
    auto body =
        readJsonObject(context.request, {requiredField("version", JsonType::Integer),
                                         requiredField("name"), requiredField("description"),
                                         requiredField("addPermissions", JsonType::Strings),
                                         requiredField("removePermissions", JsonType::Strings)});
    TESSERA_TRY(body);
    service::RoleChanges changes{body->integer("version"), body->string("name"),
                                 body->string("description"), body->strings("addPermissions"),
                                 body->strings("removePermissions")};
    return roleResponse(
        context, context.api.roles.update(context.caller(), context.param("locator"), changes));
}

Result<HttpResponse> handleDeleteRole(RequestContext& context) {
    auto removed = context.api.roles.remove(context.caller(), context.param("locator"));
    TESSERA_TRY(removed);
    return emptyResponse();
}

Result<HttpResponse> handleListRoles(RequestContext& context) {
    return listResponse(context.request, context.api.roles.list(context.caller()),
                        [&](const auto& role) { return roleJson(context.api, *role); });
}

Result<HttpResponse> handleAvailablePermissions(RequestContext& context) {
    return jsonResponse(stringArray(context.api.roles.catalogueNames()));
}

}  // namespace tessera::http
