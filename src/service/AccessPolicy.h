#pragma once

#include <string_view>

#include "domain/Authorizer.h"
#include "service/Principal.h"

namespace tessera::service {

// PAT-4 / JWT-2: decides with the caller's current rights, never a snapshot.
domain::Decision decide(const Principal& principal, std::string_view group, std::string_view action,
                        const domain::Tenant* tenant = nullptr);

inline bool holds(const Principal& principal, std::string_view group, std::string_view action) {
    return decide(principal, group, action) == domain::Decision::Allow;
}

// SCOPE-1: the caller's scope (and its token's) covers the live tenant.
bool reaches(const Principal& principal, const domain::Tenant& tenant);
// SCOPE-2 for management endpoints: as `reaches`, and a retired tenant counts when the scopes
// name it (`any` or its locator), so that admins can still read and describe it.
bool manages(const Principal& principal, const domain::Tenant& tenant);

// The permission set and scope that bound what this caller may grant (PAT-2, PAT-3, ROLE-4).
std::vector<const domain::PermissionSet*> grantingPermissionSets(const Principal& principal);
std::vector<const domain::TenantScope*> grantingScopes(const Principal& principal);

}  // namespace tessera::service
