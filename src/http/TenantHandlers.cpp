#include "http/Query.h"

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"

namespace tessera::http {

using namespace tessera::domain;

namespace {

Result<HttpResponse> tenantResponse(const Result<service::TenantRef>& tenant) {
    return respond(tenant, [](const auto& found) { return jsonResponse(tenantJson(*found)); });
}

}  // namespace

Result<HttpResponse> handleCreateTenant(RequestContext& context) {
    auto body = readJsonObject(context.request, {requiredField("name"), requiredField("type"),
                                                 optionalField("description")});
    TESSERA_TRY(body);
    return tenantResponse(
        context.api.tenants.create(context.caller(), body->string("name"), body->string("type"),
                                   body->optionalString("description").value_or("")));
}

Result<HttpResponse> handleGetTenant(RequestContext& context) {
    return jsonResponse(tenantJson(*context.tenant));
}

Result<HttpResponse> handleListTenants(RequestContext& context) {
    std::optional<TenantType> wanted;
    auto fields = parseQueryString(context.request.query);
    if (!fields) return problem(ErrorCode::InvalidRequest, "the query string is malformed");
    if (auto type = queryValue(*fields, "type")) {
        wanted = parseName<TenantType>(*type);
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

Result<HttpResponse> handleUpdateTenant(RequestContext& context) {
    auto body =
        readJsonObject(context.request, {requiredField("name"), requiredField("description")});
    TESSERA_TRY(body);
    return tenantResponse(context.api.tenants.update(context.caller(), context.tenant->locator,
                                                     body->string("name"),
                                                     body->string("description")));
}

Result<HttpResponse> handleRetireTenant(RequestContext& context) {
    return tenantResponse(context.api.tenants.retire(context.caller(), context.tenant->locator));
}

Result<HttpResponse> handleMyTenants(RequestContext& context) {
    return listResponse(context.request, context.api.tenants.reachable(context.caller()),
                        [](const auto& tenant) { return tenantJson(*tenant); });
}

}  // namespace tessera::http
