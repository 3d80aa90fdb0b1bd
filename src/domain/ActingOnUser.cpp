#include "domain/ActingOnUser.h"

namespace tessera::domain {

std::vector<std::string> rightsBeyondCaller(const HeldRights& target, bool callerActsAsAdmin,
                                            const std::vector<const PermissionSet*>& callerSets,
                                            const std::vector<const TenantScope*>& callerScopes,
                                            const TenantLookup& findTenant) {
    if (callerActsAsAdmin) return {};
    if (target.admin) return {std::string(kAdminRoleName)};
    auto beyond = permissionsNotWithin(target.permissions, callerSets);
    std::vector<ScopeEntry> bounding;
    for (const auto& entry : target.scope) {
        if (entry.kind == ScopeEntry::Kind::Locator) {
            const Tenant* tenant = findTenant(entry.locator);
            if (!tenant || !isLive(tenant->type)) continue;
        }
        bounding.push_back(entry);
    }
    auto tenants = tenantsNotWithin(bounding, callerScopes, findTenant);
    beyond.insert(beyond.end(), tenants.begin(), tenants.end());
    return beyond;
}

}  // namespace tessera::domain
