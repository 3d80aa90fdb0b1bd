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
    auto reader = JsonObjectReader::open(context.request, {"permissions", "description"});
    TESSERA_TRY(reader);
    auto permissions = reader->requiredStrings("permissions");
    TESSERA_TRY(permissions);
    auto description = reader->optionalString("description");
    TESSERA_TRY(description);
    return tenantRoleResponse(context.api.roles.createTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"),
        *permissions, description->value_or("")));
}

Result<HttpResponse> handleUpdateTenantRole(RequestContext& context) {
    auto reader = JsonObjectReader::open(
        context.request, {"version", "addPermissions", "removePermissions", "description"});
    TESSERA_TRY(reader);
    service::TenantRoleChanges changes;
    auto version = reader->requiredInteger("version");
    TESSERA_TRY(version);
    auto add = reader->requiredStrings("addPermissions");
    TESSERA_TRY(add);
    auto remove = reader->requiredStrings("removePermissions");
    TESSERA_TRY(remove);
    auto description = reader->optionalString("description");
    TESSERA_TRY(description);
    changes.version = *version;
    changes.addPermissions = *add;
    changes.removePermissions = *remove;
    changes.description = *description;
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
    auto reader = JsonObjectReader::open(context.request, {"name", "permissions", "description"});
    TESSERA_TRY(reader);
    auto name = reader->requiredString("name");
    TESSERA_TRY(name);
    auto permissions = reader->requiredStrings("permissions");
    TESSERA_TRY(permissions);
    auto description = reader->requiredString("description");
    TESSERA_TRY(description);
    return roleResponse(
        context, context.api.roles.create(context.caller(), *name, *description, *permissions));
}

Result<HttpResponse> handleGetRole(RequestContext& context) {
    return roleResponse(context,
                        context.api.roles.find(context.caller(), context.param("locator")));
}

Result<HttpResponse> handleUpdateRole(RequestContext& context) {
    auto reader = JsonObjectReader::open(
        context.request, {"version", "name", "description", "addPermissions", "removePermissions"});
    TESSERA_TRY(reader);
    service::RoleChanges changes;
    auto version = reader->requiredInteger("version");
    TESSERA_TRY(version);
    auto name = reader->requiredString("name");
    TESSERA_TRY(name);
    auto description = reader->requiredString("description");
    TESSERA_TRY(description);
    auto add = reader->requiredStrings("addPermissions");
    TESSERA_TRY(add);
    auto remove = reader->requiredStrings("removePermissions");
    TESSERA_TRY(remove);
    changes.version = *version;
    changes.name = *name;
    changes.description = *description;
    changes.addPermissions = *add;
    changes.removePermissions = *remove;
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
