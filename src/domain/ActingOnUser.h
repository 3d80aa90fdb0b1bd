#pragma once

#include <string>
#include <vector>

#include "domain/Authorizer.h"
#include "domain/Permission.h"
#include "domain/Role.h"
#include "domain/TenantScope.h"

namespace tessera::domain {

// What a user holds, as the bound for acting on it (USR-2): every permission pattern of its roles
// (per-tenant ones included, ROLE-2) and its scope entries.
struct HeldRights {
    bool admin = false;
    std::vector<PermissionPattern> permissions;
    std::vector<ScopeEntry> scope;
};

// USR-2: a caller may change another user's identity, credentials, sessions, enabled state,
// roles, scope or tokens only when that user's permissions (PERM-5) and scope (SCOPE-3) are
// within its own; an admin only when the caller acts as an admin. Returns what lies beyond the
// caller ("admin" for an admin target), empty when the caller may act. Scope entries naming a
// tenant that is gone or not live grant nothing and bound nothing.
std::vector<std::string> rightsBeyondCaller(const HeldRights& target, bool callerActsAsAdmin,
                                            const std::vector<const PermissionSet*>& callerSets,
                                            const std::vector<const TenantScope*>& callerScopes,
                                            const TenantLookup& findTenant);

}  // namespace tessera::domain
