#include "service/AccessPolicy.h"

namespace tessera::service {

domain::Decision decide(const Principal& principal, std::string_view group, std::string_view action,
                        const domain::Tenant* tenant) {
    if (principal.method == AuthMethod::Pat) {
        return domain::authorizeToken(principal.token->grant(), principal.user->rights, group,
                                      action, tenant);
    }
    return domain::authorizeUser(principal.user->rights, group, action, tenant);
}

bool reaches(const Principal& principal, const domain::Tenant& tenant) {
    if (!principal.user->rights.enabled || !principal.user->rights.scope.covers(tenant))
        return false;
    return principal.method != AuthMethod::Pat || principal.token->grant().scope.covers(tenant);
}

bool manages(const Principal& principal, const domain::Tenant& tenant) {
    if (!principal.user->rights.enabled || !principal.user->rights.scope.names(tenant))
        return false;
    return principal.method != AuthMethod::Pat || principal.token->grant().scope.names(tenant);
}

std::vector<const domain::PermissionSet*> grantingPermissionSets(const Principal& principal) {
    std::vector<const domain::PermissionSet*> sets{&principal.user->rights.permissions};
    if (principal.method == AuthMethod::Pat) sets.push_back(&principal.token->grant().permissions);
    return sets;
}

std::vector<const domain::TenantScope*> grantingScopes(const Principal& principal) {
    std::vector<const domain::TenantScope*> scopes{&principal.user->rights.scope};
    if (principal.method == AuthMethod::Pat) scopes.push_back(&principal.token->grant().scope);
    return scopes;
}

}  // namespace tessera::service
