#include "http/Query.h"

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"

namespace tessera::http {

using namespace tessera::domain;

namespace {

HttpResponse tenantResponse(const Result<service::TenantRef>& tenant) {
    return respond(tenant, [](const auto& found) { return jsonResponse(tenantJson(*found)); });
}

}  // namespace

HttpResponse handleCreateTenant(RequestContext& context) {
    auto reader = JsonObjectReader::open(context.request, {"name", "type", "description"});
    if (!reader) return problem(reader.error());
    auto name = reader->requiredString("name");
    if (!name) return problem(name.error());
    auto type = reader->requiredString("type");
    if (!type) return problem(type.error());
    auto description = reader->optionalString("description");
    if (!description) return problem(description.error());
    return tenantResponse(
        context.api.tenants.create(context.caller(), *name, *type, description->value_or("")));
}

HttpResponse handleGetTenant(RequestContext& context) {
    return jsonResponse(tenantJson(*context.tenant));
}

HttpResponse handleListTenants(RequestContext& context) {
    std::optional<TenantType> wanted;
    auto fields = parseQueryString(context.request.query);
    if (!fields) return problem(ErrorCode::InvalidRequest, "the query string is malformed");
    if (auto type = queryValue(*fields, "type")) {
        wanted = parseTenantType(*type);
        if (!wanted) {
            return problem(Error{ErrorCode::InvalidRequest,
                                 "type must be test, production, retired or deleted",
                                 {"type"}});
        }
    }
    boost::json::array items;
    // SCOPE-2: only the tenants the caller's scope names.
    for (const auto& tenant : context.api.tenants.managed(context.caller())) {
        if (!wanted || tenant->type == *wanted) items.push_back(tenantJson(*tenant));
    }
    return jsonResponse(items);
}

HttpResponse handleUpdateTenant(RequestContext& context) {
    auto reader = JsonObjectReader::open(context.request, {"name", "description"});
    if (!reader) return problem(reader.error());
    auto name = reader->requiredString("name");
    if (!name) return problem(name.error());
    auto description = reader->requiredString("description");
    if (!description) return problem(description.error());
    return tenantResponse(
        context.api.tenants.update(context.caller(), context.tenant->locator, *name, *description));
}

HttpResponse handleRetireTenant(RequestContext& context) {
    return tenantResponse(context.api.tenants.retire(context.caller(), context.tenant->locator));
}

HttpResponse handleMyTenants(RequestContext& context) {
    return listResponse(context.request, context.api.tenants.reachable(context.caller()),
                        [](const auto& tenant) { return tenantJson(*tenant); });
}

}  // namespace tessera::http
