#include "domain/UserRights.h"

namespace tessera::domain {

namespace {

void addPatterns(PermissionSet& set, const std::vector<std::string>& permissions) {
    for (const auto& permission : permissions) {
        if (auto pattern = parsePermissionPattern(permission)) set.add(*pattern);
    }
}

}  // namespace

const PermissionSet& UserRights::permissionsOn(const Tenant* tenant) const {
    if (tenant == nullptr || tenantPermissions.empty()) return permissions;
    auto it = tenantPermissions.find(tenant->locator);
    return it == tenantPermissions.end() ? permissions : it->second;
}

UserRights computeUserRights(const User& user, const std::vector<const Role*>& roles,
                             const PermissionSet& readOnly) {
    UserRights rights;
    rights.enabled = user.enabled;
    for (const auto& entry : user.tenants) {
        if (auto parsed = parseScopeEntry(entry)) rights.scope.add(*parsed);
    }
    for (const Role* role : roles) {
        if (role->locator == kAdminRoleLocator) {
            // ROLE-3, SCOPE-1: admin holds everything on every live tenant.
            rights.admin = true;
            rights.permissions = PermissionSet::all();
            rights.scope = TenantScope::everything();
            return rights;
        }
        if (role->locator == kReadOnlyRoleLocator) {
            rights.permissions.addAll(readOnly);
            continue;
        }
        addPatterns(rights.permissions, role->permissions);
    }
    // ROLE-2: tenants with an override in any of the roles get their own set.
    for (const Role* role : roles) {
        for (const auto& [tenant, override] : role->tenantPermissions) {
            if (rights.tenantPermissions.contains(tenant)) continue;
            PermissionSet onTenant;
            for (const Role* each : roles) {
                if (each->locator == kReadOnlyRoleLocator) {
                    onTenant.addAll(readOnly);
                    continue;
                }
                auto own = each->tenantPermissions.find(tenant);
                addPatterns(onTenant, own != each->tenantPermissions.end() ? own->second.permissions
                                                                           : each->permissions);
            }
            rights.tenantPermissions.emplace(tenant, std::move(onTenant));
        }
    }
    return rights;
}

}  // namespace tessera::domain
