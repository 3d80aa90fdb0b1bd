#pragma once

#include <vector>

#include <absl/container/flat_hash_map.h>

#include "domain/PermissionSet.h"
#include "domain/Role.h"
#include "domain/TenantScope.h"
#include "domain/User.h"

namespace tessera::domain {

// What a user holds right now: the union of its roles (ROLE-1) and its tenant scope (SCOPE-1).
struct UserRights {
    bool enabled = false;
    bool admin = false;
    PermissionSet permissions;
    TenantScope scope;
    // ROLE-2: for each tenant where one of the user's roles has an override, the union over its
    // roles of (override on that tenant if present, else base).
    absl::flat_hash_map<std::string, PermissionSet> tenantPermissions;

    // The permissions that apply on `tenant` (null: no tenant named).
    const PermissionSet& permissionsOn(const Tenant* tenant) const;
};

// `roles` are the user's resolved roles; unknown locators are simply absent. `readOnly` is the
// catalogue's read/list set (ROLE-3).
UserRights computeUserRights(const User& user, const std::vector<const Role*>& roles,
                             const PermissionSet& readOnly);

}  // namespace tessera::domain
