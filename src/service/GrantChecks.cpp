#include "service/GrantChecks.h"

#include "domain/Authorizer.h"
#include "service/AccessPolicy.h"

namespace tessera::service {

using namespace tessera::domain;

bool actsAsAdmin(const Principal& principal) {
    if (!principal.user->rights.admin) return false;
    return principal.method == AuthMethod::Jwt || principal.token->grant().permissions.hasAll();
}

Result<std::vector<ScopeEntry>> resolveScope(const Directory& directory,
                                             std::string_view businessAccount,
                                             const std::vector<std::string>& entries) {
    std::vector<ScopeEntry> scope;
    std::vector<std::string> invalid, unknown;
    for (const auto& text : entries) {
        auto entry = parseScopeEntry(text);
        if (!entry) {
            invalid.push_back(text);
            continue;
        }
        if (entry->kind == ScopeEntry::Kind::Locator) {
            auto tenant = directory.findTenant(entry->locator);
            if (!tenant || tenant->businessAccount != businessAccount) {
                unknown.push_back(text);
                continue;
            }
        }
        scope.push_back(*entry);
    }
    if (!invalid.empty()) {
        return fail(ErrorCode::InvalidRequest,
                    "tenant entries must be a tenant locator, any, type:test or type:production",
                    invalid);
    }
    if (!unknown.empty()) {
        return fail(ErrorCode::UnknownTenant, "no such tenant in this business account", unknown);
    }
    return scope;
}

Result<std::vector<std::shared_ptr<const Role>>> resolveRoles(
    const Directory& directory, std::string_view businessAccount,
    const std::vector<std::string>& names) {
    std::vector<std::shared_ptr<const Role>> roles;
    std::vector<std::string> unknown;
    for (const auto& name : names) {
        auto role = directory.findRoleByName(businessAccount, name);
        if (!role) {
            unknown.push_back(name);
        } else {
            roles.push_back(std::move(role));
        }
    }
    if (!unknown.empty()) return fail(ErrorCode::InvalidRequest, "no such role", unknown);
    return roles;
}

Result<void> checkPermissionsGrantable(const Principal& principal,
                                       const std::vector<PermissionPattern>& requested) {
    auto missing = permissionsNotWithin(requested, grantingPermissionSets(principal));
    if (!missing.empty()) {
        return fail(ErrorCode::PermissionNotHeld,
                    "you cannot grant a permission you do not hold right now", missing);
    }
    return {};
}

Result<void> checkScopeGrantable(const Principal& principal, const Directory& directory,
                                 const std::vector<ScopeEntry>& requested) {
    TenantPins pins(directory);
    auto missing = tenantsNotWithin(requested, grantingScopes(principal), pins.lookup());
    if (!missing.empty()) {
        return fail(ErrorCode::TenantNotHeld,
                    "you cannot grant a tenant outside your current tenant scope", missing);
    }
    return {};
}

Result<void> checkRolesAssignable(const Principal& principal, const Directory& directory,
                                  const std::vector<std::shared_ptr<const Role>>& roles) {
    if (actsAsAdmin(principal)) return {};
    std::vector<std::string> refused;
    auto sets = grantingPermissionSets(principal);
    for (const auto& role : roles) {
        if (role->locator == kAdminRoleLocator) {
            refused.push_back(role->name);
            continue;
        }
        std::vector<PermissionPattern> patterns;
        if (role->locator == kReadOnlyRoleLocator) {
            patterns = directory.catalogue().readOnlyPermissions().patterns();
        } else {
            for (const auto& text : role->permissions) {
                if (auto pattern = parsePermissionPattern(text)) patterns.push_back(*pattern);
            }
        }
        if (!permissionsNotWithin(patterns, sets).empty()) refused.push_back(role->name);
    }
    if (!refused.empty()) {
        return fail(ErrorCode::PermissionNotHeld,
                    "you may only assign roles whose permissions you hold yourself (only admins "
                    "assign admin)",
                    refused);
    }
    return {};
}

Result<void> checkMayActOn(const Principal& caller, const Directory& directory,
                           const UserEntry& target) {
    if (target.user.locator == caller.account().locator) return {};
    HeldRights held;
    held.admin = target.rights.admin;
    held.permissions = target.rights.permissions.patterns();
    for (const auto& [tenant, permissions] : target.rights.tenantPermissions) {
        auto patterns = permissions.patterns();
        held.permissions.insert(held.permissions.end(), patterns.begin(), patterns.end());
    }
    for (const auto& text : target.user.tenants) {
        if (auto entry = parseScopeEntry(text)) held.scope.push_back(*entry);
    }
    TenantPins pins(directory);
    auto beyond = rightsBeyondCaller(held, actsAsAdmin(caller), grantingPermissionSets(caller),
                                     grantingScopes(caller), pins.lookup());
    if (beyond.empty()) return {};
    if (held.admin)
        return fail(ErrorCode::UserBeyondCaller, "only admins may change an admin", beyond);
    return fail(ErrorCode::UserBeyondCaller,
                "you may only change users whose permissions and tenants you hold yourself",
                beyond);
}

}  // namespace tessera::service
