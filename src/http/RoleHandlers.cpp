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

}  // namespace

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
    boost::json::array items;
    for (const auto& role : context.api.directory.rolesOf(context.caller().businessAccount())) {
        items.push_back(roleJson(context.api, *role));
    }
    return respond(listResponse(context.request, std::move(items)),
                   [](auto response) { return response; });
}

HttpResponse handleAvailablePermissions(RequestContext& context) {
    return jsonResponse(stringArray(context.api.directory.catalogue().sortedNames()));
}

}  // namespace tessera::http
