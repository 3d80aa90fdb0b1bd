#pragma once

#include <vector>

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
};

// `roles` are the user's resolved roles; unknown locators are simply absent. `readOnly` is the
// catalogue's read/list set (ROLE-3).
UserRights computeUserRights(const User& user, const std::vector<const Role*>& roles,
                             const PermissionSet& readOnly);

}  // namespace tessera::domain
