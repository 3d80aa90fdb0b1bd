#include "domain/UserRights.h"

namespace tessera::domain {

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
        for (const auto& permission : role->permissions) {
            if (auto pattern = parsePermissionPattern(permission)) rights.permissions.add(*pattern);
        }
    }
    return rights;
}

}  // namespace tessera::domain
