#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/PermissionSet.h"
#include "domain/Tenant.h"
#include "domain/TenantScope.h"
#include "domain/UserRights.h"

namespace tessera::domain {

enum class Decision { Allow, DenyPermission, DenyTenant, DenyDisabled };

// What a token was granted, parsed once when it is loaded.
struct TokenGrant {
    PermissionSet permissions;
    TenantScope scope;
};

// A user's own decision: scope first (SCOPE-2), then permission (PERM-3).
// `tenant` is null for requests that name no tenant.
Decision authorizeUser(const UserRights& owner, std::string_view group, std::string_view action,
                       const Tenant* tenant);

// PAT-4: the token must cover the permission and tenant, and so must its owner right now.
Decision authorizeToken(const TokenGrant& token, const UserRights& owner, std::string_view group,
                        std::string_view action, const Tenant* tenant);

// PAT-4: what a token can do now and what is dormant because its owner lost it.
struct EffectiveRights {
    std::vector<std::string> effectivePermissions;
    std::vector<std::string> dormantPermissions;
    std::vector<std::string> effectiveTenants;
    std::vector<std::string> dormantTenants;
};

using TenantLookup = std::function<const Tenant*(std::string_view locator)>;

EffectiveRights describeEffectiveRights(const std::vector<std::string>& grantedPermissions,
                                        const std::vector<std::string>& grantedTenants,
                                        const UserRights& owner, const TenantLookup& findTenant);

// PERM-5 / SCOPE-3 against several holders at once (PAT-2, PAT-3): the entries that are not
// within every holder, in request order.
std::vector<std::string> permissionsNotWithin(const std::vector<PermissionPattern>& requested,
                                              const std::vector<const PermissionSet*>& holders);
std::vector<std::string> tenantsNotWithin(const std::vector<ScopeEntry>& requested,
                                          const std::vector<const TenantScope*>& holders,
                                          const TenantLookup& findTenant);

}  // namespace tessera::domain
