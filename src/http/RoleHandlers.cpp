#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"

namespace tessera::http {

namespace {

HttpResponse roleResponse(RequestContext& context, const Result<service::RoleRef>& role) {
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

HttpResponse tenantRoleResponse(const Result<service::TenantRoleView>& view) {
    return respond(view, [](const auto& found) { return jsonResponse(tenantRoleJson(found)); });
}

}  // namespace

HttpResponse handleGetTenantRole(RequestContext& context) {
    return tenantRoleResponse(context.api.roles.findTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator")));
}

HttpResponse handleCreateTenantRole(RequestContext& context) {
    auto reader = JsonObjectReader::open(context.request, {"permissions", "description"});
    if (!reader) return problem(reader.error());
    auto permissions = reader->requiredStrings("permissions");
    if (!permissions) return problem(permissions.error());
    auto description = reader->optionalString("description");
    if (!description) return problem(description.error());
    return tenantRoleResponse(context.api.roles.createTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"),
        *permissions, description->value_or("")));
}

HttpResponse handleUpdateTenantRole(RequestContext& context) {
    auto reader = JsonObjectReader::open(
        context.request, {"version", "addPermissions", "removePermissions", "description"});
    if (!reader) return problem(reader.error());
    service::TenantRoleChanges changes;
    auto version = reader->requiredInteger("version");
    if (!version) return problem(version.error());
    auto add = reader->requiredStrings("addPermissions");
    if (!add) return problem(add.error());
    auto remove = reader->requiredStrings("removePermissions");
    if (!remove) return problem(remove.error());
    auto description = reader->optionalString("description");
    if (!description) return problem(description.error());
    changes.version = *version;
    changes.addPermissions = *add;
    changes.removePermissions = *remove;
    changes.description = *description;
    return tenantRoleResponse(context.api.roles.updateTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"), changes));
}

HttpResponse handleDeleteTenantRole(RequestContext& context) {
    auto removed = context.api.roles.removeTenantRole(
        context.caller(), context.param("tenantLocator"), context.param("roleLocator"));
    if (!removed) return problem(removed.error());
    return emptyResponse();
}

HttpResponse handleListTenantRoles(RequestContext& context) {
    auto views = context.api.roles.tenantRoles(context.caller(), context.param("tenantLocator"));
    if (!views) return problem(views.error());
    return listResponse(context.request, *views,
                        [](const auto& view) { return tenantRoleJson(view); });
}

HttpResponse handleCreateRole(RequestContext& context) {
    auto reader = JsonObjectReader::open(context.request, {"name", "permissions", "description"});
    if (!reader) return problem(reader.error());
    auto name = reader->requiredString("name");
    if (!name) return problem(name.error());
    auto permissions = reader->requiredStrings("permissions");
    if (!permissions) return problem(permissions.error());
    auto description = reader->requiredString("description");
    if (!description) return problem(description.error());
    return roleResponse(
        context, context.api.roles.create(context.caller(), *name, *description, *permissions));
}

HttpResponse handleGetRole(RequestContext& context) {
    return roleResponse(context,
                        context.api.roles.find(context.caller(), context.param("locator")));
}

HttpResponse handleUpdateRole(RequestContext& context) {
    auto reader = JsonObjectReader::open(
        context.request, {"version", "name", "description", "addPermissions", "removePermissions"});
    if (!reader) return problem(reader.error());
    service::RoleChanges changes;
    auto version = reader->requiredInteger("version");
    if (!version) return problem(version.error());
    auto name = reader->requiredString("name");
    if (!name) return problem(name.error());
    auto description = reader->requiredString("description");
    if (!description) return problem(description.error());
    auto add = reader->requiredStrings("addPermissions");
    if (!add) return problem(add.error());
    auto remove = reader->requiredStrings("removePermissions");
    if (!remove) return problem(remove.error());
    changes.version = *version;
    changes.name = *name;
    changes.description = *description;
    changes.addPermissions = *add;
    changes.removePermissions = *remove;
    return roleResponse(
        context, context.api.roles.update(context.caller(), context.param("locator"), changes));
}

HttpResponse handleDeleteRole(RequestContext& context) {
    auto removed = context.api.roles.remove(context.caller(), context.param("locator"));
    if (!removed) return problem(removed.error());
    return emptyResponse();
}

HttpResponse handleListRoles(RequestContext& context) {
    return listResponse(context.request, context.api.roles.list(context.caller()),
                        [&](const auto& role) { return roleJson(context.api, *role); });
}

HttpResponse handleAvailablePermissions(RequestContext& context) {
    return jsonResponse(stringArray(context.api.roles.catalogueNames()));
}

}  // namespace tessera::http
