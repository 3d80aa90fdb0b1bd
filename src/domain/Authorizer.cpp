#include "domain/Authorizer.h"

namespace tessera::domain {

Decision authorizeUser(const UserRights& owner, std::string_view group, std::string_view action,
                       const Tenant* tenant) {
    if (!owner.enabled) return Decision::DenyDisabled;
    if (tenant != nullptr && !owner.scope.covers(*tenant)) return Decision::DenyTenant;
    return owner.permissionsOn(tenant).covers(group, action) ? Decision::Allow
                                                             : Decision::DenyPermission;
}

Decision authorizeToken(const TokenGrant& token, const UserRights& owner, std::string_view group,
                        std::string_view action, const Tenant* tenant) {
    if (!owner.enabled) return Decision::DenyDisabled;
    if (tenant != nullptr && (!token.scope.covers(*tenant) || !owner.scope.covers(*tenant))) {
        return Decision::DenyTenant;
    }
    if (!token.permissions.covers(group, action) ||
        !owner.permissionsOn(tenant).covers(group, action)) {
        return Decision::DenyPermission;
    }
    return Decision::Allow;
}

EffectiveRights describeEffectiveRights(const std::vector<std::string>& grantedPermissions,
                                        const std::vector<std::string>& grantedTenants,
                                        const UserRights& owner, const TenantLookup& findTenant) {
    EffectiveRights out;
    PermissionSet granted;
    for (const auto& text : grantedPermissions) {
        auto pattern = parsePermissionPattern(text);
        if (!pattern) {
            out.dormantPermissions.push_back(text);
            continue;
        }
        granted.add(*pattern);
        if (owner.enabled && owner.permissions.contains(*pattern)) {
            out.effectivePermissions.push_back(text);
        } else {
            out.dormantPermissions.push_back(text);
        }
    }
    // A wildcard the owner no longer holds whole may still work in part: list the owner's
    // narrower entries that fall inside it as effective.
    if (owner.enabled) {
        PermissionSet effectiveSoFar;
        for (const auto& text : out.effectivePermissions) {
            if (auto pattern = parsePermissionPattern(text)) effectiveSoFar.add(*pattern);
        }
        for (const auto& held : owner.permissions.patterns()) {
            if (granted.contains(held) && !effectiveSoFar.contains(held)) {
                out.effectivePermissions.push_back(held.text());
                effectiveSoFar.add(held);
            }
        }
    }
    for (const auto& text : grantedTenants) {
        auto entry = parseScopeEntry(text);
        const Tenant* tenant = nullptr;
        if (entry && entry->kind == ScopeEntry::Kind::Locator) tenant = findTenant(entry->locator);
        if (owner.enabled && entry && owner.scope.contains(*entry, tenant)) {
            out.effectiveTenants.push_back(text);
        } else {
            out.dormantTenants.push_back(text);
        }
    }
    return out;
}

std::vector<std::string> permissionsNotWithin(const std::vector<PermissionPattern>& requested,
                                              const std::vector<const PermissionSet*>& holders) {
    std::vector<std::string> missing;
    for (const auto& pattern : requested) {
        for (const PermissionSet* holder : holders) {
            if (!holder->contains(pattern)) {
                missing.push_back(pattern.text());
                break;
            }
        }
    }
    return missing;
}

std::vector<std::string> tenantsNotWithin(const std::vector<ScopeEntry>& requested,
                                          const std::vector<const TenantScope*>& holders,
                                          const TenantLookup& findTenant) {
    std::vector<std::string> missing;
    for (const auto& entry : requested) {
        const Tenant* tenant =
            entry.kind == ScopeEntry::Kind::Locator ? findTenant(entry.locator) : nullptr;
        for (const TenantScope* holder : holders) {
            if (!holder->contains(entry, tenant)) {
                missing.push_back(entry.text());
                break;
            }
        }
    }
    return missing;
}

}  // namespace tessera::domain
