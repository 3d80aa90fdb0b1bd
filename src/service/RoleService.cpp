#include "service/RoleService.h"

#include <algorithm>

#include "crypto/Ids.h"
#include "domain/DisplayText.h"
#include "service/AuditScope.h"
#include "service/GrantChecks.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

// `current` without `remove`, then `add` (duplicates are dropped when validated).
std::vector<std::string> withChanges(const std::vector<std::string>& current,
                                     const std::vector<std::string>& add,
                                     const std::vector<std::string>& remove) {
    std::vector<std::string> out;
    for (const auto& permission : current) {
        if (std::find(remove.begin(), remove.end(), permission) == remove.end())
            out.push_back(permission);
    }
    out.insert(out.end(), add.begin(), add.end());
    return out;
}

}  // namespace

std::vector<std::string> RoleService::permissionsOf(const Role& role) const {
    if (role.locator == kAdminRoleLocator) return {"*.*"};
    if (role.locator == kReadOnlyRoleLocator)
        return context_.directory.catalogue().readOnlyPermissions().toStrings();
    return role.permissions;
}

std::vector<RoleRef> RoleService::list(const Principal& caller) const {
    return context_.directory.rolesOf(caller.businessAccount());
}

std::vector<std::string> RoleService::catalogueNames() const {
    return context_.directory.catalogue().sortedNames();
}

Result<RoleRef> RoleService::find(const Principal& caller, std::string_view locator) const {
    auto role = context_.directory.findRole(locator);
    if (!role || (!role->builtIn && role->businessAccount != caller.businessAccount())) {
        return fail(ErrorCode::NotFound, "no such role");
    }
    return role;
}

Result<std::vector<std::string>> RoleService::validatePermissions(
    const Principal& caller, const std::vector<std::string>& permissions) const {
    auto patterns = context_.directory.catalogue().validate(permissions);
    TESSERA_TRY(patterns);
    // ROLE-4: a non-admin only builds roles within its own permissions.
    if (!actsAsAdmin(caller)) {
        TESSERA_TRY(checkPermissionsGrantable(caller, *patterns));
    }
    std::vector<std::string> unique;
    for (const auto& permission : permissions) {
        if (std::find(unique.begin(), unique.end(), permission) == unique.end())
            unique.push_back(permission);
    }
    return unique;
}

Result<RoleRef> RoleService::create(const Principal& caller, const std::string& name,
                                    const std::string& description,
                                    const std::vector<std::string>& permissions) {
    if (!isValidRoleName(name)) {
        return fail(ErrorCode::InvalidRequest,
                    "name must be 1 to 100 characters, without control or bidirectional "
                    "formatting characters",
                    {"name"});
    }
    TESSERA_TRY(checkDisplaySafe(description, "description"));
    auto valid = validatePermissions(caller, permissions);
    TESSERA_TRY(valid);
    Role role;
    role.locator = crypto::newUlid(context_.random, std::chrono::system_clock::now());
    role.businessAccount = caller.businessAccount();
    role.name = name;
    role.description = description;
    role.permissions = *valid;
    role.version = 1;
    role.createdAt = context_.clock.now();
    role.createdBy = caller.account().locator;
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        if (context_.directory.findRoleByName(role.businessAccount, name)) {
            return fail(ErrorCode::Conflict, "a role named '" + name + "' already exists");
        }
        store::WriteBatch batch;
        batch.putRoles.push_back(role);
        batch.events.push_back(auditEvent("auth.role.create", role.businessAccount,
                                          {{"roleLocator", role.locator},
                                           {"roleName", role.name},
                                           {"permissions", auditList(role.permissions)}}));
        return batch;
    });
    TESSERA_TRY(written);
    return context_.directory.findRole(role.locator);
}

Result<RoleRef> RoleService::update(const Principal& caller, std::string_view locator,
                                    const RoleChanges& changes) {
    auto found = find(caller, locator);
    TESSERA_TRY(found);
    if ((*found)->builtIn) return fail(ErrorCode::Forbidden, "built-in roles cannot be changed");
    if (!isValidRoleName(changes.name)) {
        return fail(ErrorCode::InvalidRequest,
                    "name must be 1 to 100 characters, without control or bidirectional "
                    "formatting characters",
                    {"name"});
    }
    TESSERA_TRY(checkDisplaySafe(changes.description, "description"));
    // Removing something that could never be there is a typo worth reporting.
    TESSERA_TRY(context_.directory.catalogue().validate(changes.removePermissions));
    Role role = **found;
    auto permissions =
        withChanges(role.permissions, changes.addPermissions, changes.removePermissions);
    // ROLE-4 applies to the role as it would be, and to the role as it is (no editing above you).
    auto valid = validatePermissions(caller, permissions);
    TESSERA_TRY(valid);
    TESSERA_TRY(validatePermissions(caller, role.permissions));
    role.name = changes.name;
    role.description = changes.description;
    role.permissions = *valid;
    role.version = changes.version + 1;
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        if (auto same = context_.directory.findRoleByName(role.businessAccount, role.name);
            same && same->locator != role.locator) {
            return fail(ErrorCode::Conflict, "a role named '" + role.name + "' already exists");
        }
        auto current = context_.directory.findRole(role.locator);
        if (!current) return fail(ErrorCode::NotFound, "no such role");
        if (current->version != changes.version) {
            return fail(ErrorCode::VersionConflict,
                        "the role was changed by someone else: current version is " +
                            std::to_string(current->version));
        }
        // The base set from this change; everything else (the per-tenant sets, ROLE-2) as the
        // role is now, so that an edit never undoes a concurrent tenant-role change.
        Role merged = *current;
        merged.name = role.name;
        merged.description = role.description;
        merged.permissions = role.permissions;
        merged.version = role.version;
        store::WriteBatch batch;
        batch.roleVersion = store::RoleVersionCheck{role.locator, changes.version};
        batch.putRoles.push_back(std::move(merged));
        batch.events.push_back(
            auditEvent("auth.role.update", role.businessAccount,
                       {{"roleLocator", role.locator},
                        {"roleName", role.name},
                        {"addPermissions", auditList(changes.addPermissions)},
                        {"removePermissions", auditList(changes.removePermissions)},
                        {"version", std::to_string(role.version)}}));
        return batch;
    });
    TESSERA_TRY(written);
    return context_.directory.findRole(role.locator);
}

Result<void> RoleService::remove(const Principal& caller, std::string_view locator) {
    auto found = find(caller, locator);
    TESSERA_TRY(found);
    if ((*found)->builtIn) return fail(ErrorCode::Forbidden, "built-in roles cannot be deleted");
    TESSERA_TRY(validatePermissions(caller, (*found)->permissions));
    return context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.deleteRoles.push_back(std::string(locator));
        // Holders lose it in the same transaction, so a new role of the same name grants nothing.
        for (const auto& entry : context_.directory.usersOf(caller.businessAccount())) {
            auto user = entry->user;
            if (std::erase(user.roleLocators, std::string(locator)) > 0)
                batch.putUsers.push_back(user);
        }
        batch.events.push_back(auditEvent("auth.role.delete", caller.businessAccount(),
                                          {{"roleLocator", std::string(locator)},
                                           {"roleName", (*found)->name},
                                           {"holders", std::to_string(batch.putUsers.size())}}));
        return batch;
    });
}

Result<Tenant> RoleService::tenantOf(const Principal& caller,
                                     std::string_view tenantLocator) const {
    auto tenant = context_.directory.findTenant(lowerCase(tenantLocator));
    if (!tenant || tenant->businessAccount != caller.businessAccount()) {
        return fail(ErrorCode::NotFound, "no such tenant");
    }
    return *tenant;
}

Result<RoleRef> RoleService::editableRole(const Principal& caller,
                                          std::string_view roleLocator) const {
    auto role = find(caller, roleLocator);
    TESSERA_TRY(role);
    if ((*role)->builtIn)
        return fail(ErrorCode::Forbidden, "built-in roles cannot have tenant permissions");
    return role;
}

Result<TenantRoleView> RoleService::findTenantRole(const Principal& caller,
                                                   std::string_view tenantLocator,
                                                   std::string_view roleLocator) const {
    auto tenant = tenantOf(caller, tenantLocator);
    TESSERA_TRY(tenant);
    auto role = find(caller, roleLocator);
    TESSERA_TRY(role);
    auto override = (*role)->tenantPermissions.find(tenant->locator);
    if (override == (*role)->tenantPermissions.end()) {
        return fail(ErrorCode::NotFound, "the role has no permissions of its own on this tenant");
    }
    return TenantRoleView{*role, tenant->locator, override->second};
}

Result<TenantRoleView> RoleService::saveTenantRole(Role role, const std::string& tenantLocator,
                                                   TenantEntry expected,
                                                   std::int64_t expectedVersion,
                                                   std::string eventType) {
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        // Checked against the role as this write commits against it: of eight concurrent
        // creations exactly one succeeds, and a stale update is refused.
        auto current = context_.directory.findRole(role.locator);
        if (!current) return fail(ErrorCode::NotFound, "no such role");
        auto existing = current->tenantPermissions.find(tenantLocator);
        bool present = existing != current->tenantPermissions.end();
        if (expected == TenantEntry::Absent && present) {
            return fail(ErrorCode::Conflict,
                        "the role already has permissions on this tenant; update them instead");
        }
        if (expected != TenantEntry::Absent && !present) {
            return fail(ErrorCode::NotFound,
                        "the role has no permissions of its own on this tenant");
        }
        if (expected == TenantEntry::AtVersion && existing->second.version != expectedVersion) {
            return fail(ErrorCode::VersionConflict,
                        "the tenant role was changed by someone else: current version is " +
                            std::to_string(existing->second.version));
        }
        // Other tenants' entries as they are now; only this tenant's comes from the request.
        auto wanted = role.tenantPermissions.find(tenantLocator);
        Role merged = *current;
        if (wanted == role.tenantPermissions.end()) {
            merged.tenantPermissions.erase(tenantLocator);
        } else {
            merged.tenantPermissions[tenantLocator] = wanted->second;
        }
        store::WriteBatch batch;
        std::string permissions =
            wanted == role.tenantPermissions.end() ? "" : auditList(wanted->second.permissions);
        batch.events.push_back(auditEvent(std::move(eventType), merged.businessAccount,
                                          {{"roleLocator", merged.locator},
                                           {"roleName", merged.name},
                                           {"tenantLocator", tenantLocator},
                                           {"permissions", permissions}}));
        batch.putRoles.push_back(std::move(merged));
        return batch;
    });
    TESSERA_TRY(written);
    auto saved = context_.directory.findRole(role.locator);
    auto override = saved->tenantPermissions.find(tenantLocator);
    if (override == saved->tenantPermissions.end()) return TenantRoleView{saved, tenantLocator, {}};
    return TenantRoleView{saved, tenantLocator, override->second};
}

Result<TenantRoleView> RoleService::createTenantRole(const Principal& caller,
                                                     std::string_view tenantLocator,
                                                     std::string_view roleLocator,
                                                     const std::vector<std::string>& permissions,
                                                     const std::string& description) {
    auto tenant = tenantOf(caller, tenantLocator);
    TESSERA_TRY(tenant);
    TESSERA_TRY(checkDisplaySafe(description, "description"));
    auto role = editableRole(caller, roleLocator);
    TESSERA_TRY(role);
    if ((*role)->tenantPermissions.contains(tenant->locator)) {
        return fail(ErrorCode::Conflict,
                    "the role already has permissions on this tenant; update them instead");
    }
    auto valid = validatePermissions(caller, permissions);
    TESSERA_TRY(valid);
    Role changed = **role;
    TenantRolePermissions override;
    override.permissions = *valid;
    override.description = description;
    override.createdAt = context_.clock.now();
    override.createdBy = caller.account().locator;
    changed.tenantPermissions[tenant->locator] = override;
    return saveTenantRole(std::move(changed), tenant->locator, TenantEntry::Absent, 0,
                          "auth.role.tenant.create");
}

Result<TenantRoleView> RoleService::updateTenantRole(const Principal& caller,
                                                     std::string_view tenantLocator,
                                                     std::string_view roleLocator,
                                                     const TenantRoleChanges& changes) {
    TESSERA_TRY(checkDisplaySafe(changes.description.value_or(""), "description"));
    auto current = findTenantRole(caller, tenantLocator, roleLocator);
    TESSERA_TRY(current);
    if (current->role->builtIn)
        return fail(ErrorCode::Forbidden, "built-in roles cannot have tenant permissions");
    TESSERA_TRY(context_.directory.catalogue().validate(changes.removePermissions));
    auto permissions = withChanges(current->override.permissions, changes.addPermissions,
                                   changes.removePermissions);
    // ROLE-4, as for the base set: within the editor's rights as it would be and as it is.
    auto valid = validatePermissions(caller, permissions);
    TESSERA_TRY(valid);
    TESSERA_TRY(validatePermissions(caller, current->override.permissions));
    Role changed = *current->role;
    auto override = current->override;
    override.permissions = *valid;
    if (changes.description) override.description = *changes.description;
    override.version = changes.version + 1;
    changed.tenantPermissions[current->tenantLocator] = override;
    return saveTenantRole(std::move(changed), current->tenantLocator, TenantEntry::AtVersion,
                          changes.version, "auth.role.tenant.update");
}

Result<void> RoleService::removeTenantRole(const Principal& caller, std::string_view tenantLocator,
                                           std::string_view roleLocator) {
    auto current = findTenantRole(caller, tenantLocator, roleLocator);
    TESSERA_TRY(current);
    TESSERA_TRY(validatePermissions(caller, current->override.permissions));
    Role changed = *current->role;
    changed.tenantPermissions.erase(current->tenantLocator);
    auto saved = saveTenantRole(std::move(changed), current->tenantLocator, TenantEntry::Present, 0,
                                "auth.role.tenant.delete");
    TESSERA_TRY(saved);
    return {};
}

Result<std::vector<TenantRoleView>> RoleService::tenantRoles(const Principal& caller,
                                                             std::string_view tenantLocator) const {
    auto tenant = tenantOf(caller, tenantLocator);
    TESSERA_TRY(tenant);
    std::vector<TenantRoleView> out;
    for (const auto& role : context_.directory.rolesOf(caller.businessAccount())) {
        auto override = role->tenantPermissions.find(tenant->locator);
        if (override != role->tenantPermissions.end())
            out.push_back({role, tenant->locator, override->second});
    }
    return out;
}

}  // namespace tessera::service
