#include "http/Handlers.h"
#include "http/Problem.h"
#include "http/Representations.h"
#include "service/AccessPolicy.h"

namespace tessera::http {

using namespace tessera::domain;

namespace {

HttpResponse counted(RequestContext& context, CheckOutcome outcome, HttpResponse response) {
    if (context.api.metrics) context.api.metrics->recordCheck(outcome);
    return response;
}

}  // namespace

namespace {

// GET /auth/check and GET /auth/check/authenticated; the latter asks for no permission.
HttpResponse check(RequestContext& context, bool permissionRequired) {
    const auto& caller = context.caller();
    const auto& request = context.request;
    // Fail closed: a gateway that forgot the header must not let every valid credential pass.
    if (permissionRequired && request.requiredPermission.empty()) {
        return counted(context, CheckOutcome::Invalid,
                       problem(Error{ErrorCode::InvalidRequest,
                                     "X-Required-Permission is required; to check the credential "
                                     "alone, use GET /auth/check/authenticated",
                                     {"X-Required-Permission"}}));
    }
    if (!permissionRequired && !request.requiredPermission.empty()) {
        return counted(context, CheckOutcome::Invalid,
                       problem(Error{ErrorCode::InvalidRequest,
                                     "GET /auth/check/authenticated checks no permission; send "
                                     "X-Required-Permission to GET /auth/check instead",
                                     {"X-Required-Permission"}}));
    }

    std::shared_ptr<const Tenant> tenant;
    if (!request.tenantLocator.empty()) {
        // Locators are stored in lower case; most gateways send them so, which needs no copy.
        bool lower = std::none_of(request.tenantLocator.begin(), request.tenantLocator.end(),
                                  [](char c) { return c >= 'A' && c <= 'Z'; });
        tenant = context.api.tenants.lookup(
            caller,
            lower ? request.tenantLocator : std::string_view(lowerCase(request.tenantLocator)));
        // An unknown tenant, or one of another business account, is simply not held.
        if (!tenant) {
            return counted(context, CheckOutcome::DeniedTenant,
                           problem(ErrorCode::Forbidden, "the tenant is not in your tenant scope"));
        }
    }

    // X-Required-Permission lists alternatives; any one is enough (PERM-4).
    bool allowed =
        request.requiredPermission.empty() && (!tenant || service::reaches(caller, *tenant));
    bool tenantDenied = false;
    std::string_view remaining = request.requiredPermission;
    while (!allowed && !remaining.empty()) {
        auto comma = remaining.find(',');
        auto item = remaining.substr(0, comma);
        remaining =
            comma == std::string_view::npos ? std::string_view() : remaining.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        std::string_view group, action;
        if (!splitPermission(item, group, action) || group.empty() || action.empty() ||
            group == "*" || action == "*") {
            return counted(
                context, CheckOutcome::Invalid,
                problem(Error{ErrorCode::InvalidRequest,
                              "X-Required-Permission must list concrete group.action permissions",
                              {std::string(item)}}));
        }
        auto decision = service::decide(caller, group, action, tenant.get());
        allowed = decision == Decision::Allow;
        tenantDenied = tenantDenied || decision == Decision::DenyTenant;
    }
    if (!allowed) {
        if (tenantDenied || request.requiredPermission.empty()) {
            return counted(context, CheckOutcome::DeniedTenant,
                           problem(ErrorCode::Forbidden, "the tenant is not in your tenant scope"));
        }
        return counted(context, CheckOutcome::DeniedPermission,
                       problem(ErrorCode::Forbidden, "the credential does not grant " +
                                                         std::string(request.requiredPermission)));
    }
    HttpResponse response;
    response.header("X-Auth-User-Locator", caller.account().locator);
    response.header("X-Auth-User-Name", caller.account().userName);
    response.header("X-Auth-Business-Account", caller.businessAccount());
    if (caller.method == service::AuthMethod::Pat) {
        response.header("X-Auth-Method", "pat");
        response.header("X-Auth-Token-Name", caller.token->token.name);
    } else {
        response.header("X-Auth-Method", "jwt");
    }
    return counted(context, CheckOutcome::Allowed, std::move(response));
}

}  // namespace

Result<HttpResponse> handleCheck(RequestContext& context) {
    return check(context, true);
}

Result<HttpResponse> handleAuthenticationCheck(RequestContext& context) {
    return check(context, false);
}

Result<HttpResponse> handleHealth(RequestContext&) {
    return jsonResponse(boost::json::object{{"status", "ok"}});
}

Result<HttpResponse> handleReady(RequestContext& context) {
    // Not ready while the store is out of reach: writes would fail, and what this instance
    // answers from memory is only as fresh as the last change it applied.
    if (!context.api.storeHealth.reachable()) {
        auto response = jsonResponse(boost::json::object{
            {"status", "unavailable"}, {"reason", "the store cannot be reached"}});
        response.status = 503;
        return response;
    }
    return jsonResponse(boost::json::object{{"status", "ready"}});
}

Result<HttpResponse> handleMetrics(RequestContext& context) {
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4";
    if (context.api.metrics) response.body = context.api.metrics->render(context.api);
    return response;
}

Result<HttpResponse> handleOpenApi(RequestContext& context) {
    HttpResponse response;
    response.contentType = "application/json";
    response.body = context.api.openApiDocument;
    response.header("Cache-Control", "public, max-age=300");
    return response;
}

}  // namespace tessera::http
