#include "service/RoleService.h"

#include <algorithm>

#include "crypto/Ids.h"
#include "service/GrantChecks.h"

namespace tessera::service {

using namespace tessera::domain;

std::vector<std::string> RoleService::permissionsOf(const Role& role) const {
    if (role.locator == kAdminRoleLocator) return {"*.*"};
    if (role.locator == kReadOnlyRoleLocator)
        return directory_.catalogue().readOnlyPermissions().toStrings();
    return role.permissions;
}

Result<RoleRef> RoleService::find(const Principal& caller, std::string_view locator) const {
    auto role = directory_.findRole(locator);
    if (!role || (!role->builtIn && role->businessAccount != caller.businessAccount())) {
        return fail(ErrorCode::NotFound, "no such role");
    }
    return role;
}

Result<std::vector<std::string>> RoleService::validatePermissions(
    const Principal& caller, const std::vector<std::string>& permissions) const {
    auto patterns = directory_.catalogue().validate(permissions);
    if (!patterns) return std::unexpected(patterns.error());
    // ROLE-4: a non-admin only builds roles within its own permissions.
    if (!actsAsAdmin(caller)) {
        if (auto ok = checkPermissionsGrantable(caller, *patterns); !ok)
            return std::unexpected(ok.error());
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
        return fail(ErrorCode::InvalidRequest, "name must be 1 to 100 printable characters",
                    {"name"});
    }
    auto valid = validatePermissions(caller, permissions);
    if (!valid) return std::unexpected(valid.error());
    Role role;
    role.locator = crypto::newUlid(random_, std::chrono::system_clock::now());
    role.businessAccount = caller.businessAccount();
    role.name = name;
    role.description = description;
    role.permissions = *valid;
    role.version = 1;
    role.createdAt = clock_.now();
    role.createdBy = caller.account().locator;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        if (directory_.findRoleByName(role.businessAccount, name)) {
            return fail(ErrorCode::Conflict, "a role named '" + name + "' already exists");
        }
        store::WriteBatch batch;
        batch.putRoles.push_back(role);
        return batch;
    });
    if (!written) return std::unexpected(written.error());
    return directory_.findRole(role.locator);
}

Result<RoleRef> RoleService::update(const Principal& caller, std::string_view locator,
                                    const RoleChanges& changes) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if ((*found)->builtIn) return fail(ErrorCode::Forbidden, "built-in roles cannot be changed");
    if (!isValidRoleName(changes.name)) {
        return fail(ErrorCode::InvalidRequest, "name must be 1 to 100 printable characters",
                    {"name"});
    }
    if (auto removable = directory_.catalogue().validate(changes.removePermissions); !removable) {
        // Removing something that could never be there is a typo worth reporting.
        return std::unexpected(removable.error());
    }
    Role role = **found;
    std::vector<std::string> permissions;
    for (const auto& permission : role.permissions) {
        if (std::find(changes.removePermissions.begin(), changes.removePermissions.end(),
                      permission) == changes.removePermissions.end()) {
            permissions.push_back(permission);
        }
    }
    permissions.insert(permissions.end(), changes.addPermissions.begin(),
                       changes.addPermissions.end());
    // ROLE-4 applies to the role as it would be, and to the role as it is (no editing above you).
    auto valid = validatePermissions(caller, permissions);
    if (!valid) return std::unexpected(valid.error());
    if (auto current = validatePermissions(caller, role.permissions); !current) {
        return std::unexpected(current.error());
    }
    role.name = changes.name;
    role.description = changes.description;
    role.permissions = *valid;
    role.version = changes.version + 1;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        if (auto same = directory_.findRoleByName(role.businessAccount, role.name);
            same && same->locator != role.locator) {
            return fail(ErrorCode::Conflict, "a role named '" + role.name + "' already exists");
        }
        auto current = directory_.findRole(role.locator);
        if (!current) return fail(ErrorCode::NotFound, "no such role");
        if (current->version != changes.version) {
            return fail(ErrorCode::VersionConflict,
                        "the role was changed by someone else: current version is " +
                            std::to_string(current->version));
        }
        store::WriteBatch batch;
        batch.roleVersion = store::RoleVersionCheck{role.locator, changes.version};
        batch.putRoles.push_back(role);
        return batch;
    });
    if (!written) return std::unexpected(written.error());
    return directory_.findRole(role.locator);
}

Result<void> RoleService::remove(const Principal& caller, std::string_view locator) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if ((*found)->builtIn) return fail(ErrorCode::Forbidden, "built-in roles cannot be deleted");
    if (auto ok = validatePermissions(caller, (*found)->permissions); !ok)
        return std::unexpected(ok.error());
    return writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.deleteRoles.push_back(std::string(locator));
        // Holders lose it in the same transaction, so a new role of the same name grants nothing.
        for (const auto& entry : directory_.usersOf(caller.businessAccount())) {
            auto user = entry->user;
            if (std::erase(user.roleLocators, std::string(locator)) > 0)
                batch.putUsers.push_back(user);
        }
        return batch;
    });
}

}  // namespace tessera::service
