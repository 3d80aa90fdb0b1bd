#include "http/RoutePolicy.h"

#include "service/AccessPolicy.h"
#include "service/GrantChecks.h"

namespace tessera::http {
namespace {

using service::AuthMethod;

bool holdsRoutePermission(const Route& route, const service::Principal& caller) {
    for (auto action : route.permission.actions) {
        if (service::holds(caller, route.permission.group, action)) return true;
    }
    return false;
}

bool selfRuleApplies(const Route& route, const RequestContext& context) {
    const auto& caller = *context.principal;
    auto pathUserIsCaller = [&] {
        return !route.userParam.empty() &&
               context.param(route.userParam) == caller.account().locator;
    };
    auto managesOwnTokens = [&] {
        return caller.method == AuthMethod::Jwt || service::holds(caller, "users", "token");
    };
    switch (route.self) {
        case SelfRule::None:
            return false;
        case SelfRule::AnyCaller:
            return true;
        case SelfRule::OwnTokens:
            return managesOwnTokens();
        case SelfRule::SelfUser:
            return caller.method == AuthMethod::Jwt && pathUserIsCaller();
        case SelfRule::SelfUserTokens:
            return pathUserIsCaller() && managesOwnTokens();
    }
    return false;
}

std::string neededPermissions(const Route& route) {
    std::string needed;
    for (auto action : route.permission.actions) {
        if (!needed.empty()) needed += ", ";
        needed.append(route.permission.group).append(".").append(action);
    }
    return needed;
}

// SCOPE-2: scope before permission.
Result<void> resolveTenant(const Route& route, RequestContext& context) {
    if (route.tenantParam.empty()) return {};
    const auto& caller = *context.principal;
    auto tenant =
        context.api.tenants.find(caller, domain::lowerCase(context.param(route.tenantParam)));
    TESSERA_TRY(tenant);
    if (!service::manages(caller, **tenant)) {
        return fail(ErrorCode::TenantOutOfScope, "the tenant is not in your tenant scope",
                    {std::string(context.param(route.tenantParam))});
    }
    context.tenant = std::move(*tenant);
    return {};
}

// USR-2: the path's user, and the bound on changing it.
Result<void> resolveUser(const Route& route, RequestContext& context) {
    if (route.userParam.empty() || route.userAction == UserAction::None) return {};
    const auto& caller = *context.principal;
    auto user = context.api.users.find(caller, context.param(route.userParam));
    TESSERA_TRY(user);
    if (route.userAction == UserAction::Changes) {
        TESSERA_TRY(context.api.users.checkMayChange(caller, **user));
    }
    context.targetUser = std::move(*user);
    return {};
}

}  // namespace

Result<void> authorizeRequest(const Route& route, RequestContext& context) {
    if (route.access == Access::Public) {
        context.grant = Grant::Public;
        return {};
    }
    auto principal = context.api.authenticator.authenticate(
        context.request.authorization, {context.request.clientIp, context.request.clientAddress});
    TESSERA_TRY(principal);
    context.principal = std::move(*principal);
    const auto& caller = *context.principal;

    TESSERA_TRY(resolveTenant(route, context));

    if (route.access == Access::Admin && !service::actsAsAdmin(caller)) {
        return fail(ErrorCode::Forbidden,
                    "only admins acting with their full rights may use this endpoint");
    }
    if (route.access == Access::Admin && route.permission.actions.empty()) {
        context.grant = Grant::Permission;  // an admin route without a permission of its own
    } else if (holdsRoutePermission(route, caller)) {
        context.grant = Grant::Permission;
    } else if (selfRuleApplies(route, context)) {
        context.grant = Grant::SelfRule;
    } else {
        auto needed = neededPermissions(route);
        return fail(ErrorCode::Forbidden, needed.empty() ? "you may not use this endpoint"
                                                         : "requires one of: " + needed);
    }

    return resolveUser(route, context);
}

bool mayInspectToken(const RequestContext& context, const service::TokenEntry& token) {
    const auto& caller = *context.principal;
    if (context.grant != Grant::SelfRule || caller.method != AuthMethod::Pat) return true;
    return &token == caller.token.get() || service::holds(caller, "users", "token");
}

bool mayIntrospect(const RequestContext& context, const service::Principal& subject) {
    return subject.businessAccount() == context.principal->businessAccount();
}

service::UserEdit userEditFor(const RequestContext& context) {
    return context.grant == Grant::SelfRule ? service::UserEdit::Profile
                                            : service::UserEdit::Everything;
}

}  // namespace tessera::http
