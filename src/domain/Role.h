#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/Timestamp.h"

namespace tessera::domain {

// ROLE-2: on one tenant, this set replaces the role's base permissions.
struct TenantRolePermissions {
    std::vector<std::string> permissions;
    std::string description;
    std::int64_t version = 1;
    Timestamp createdAt{};
    std::string createdBy;
};

// ROLE-1
struct Role {
    std::string locator;  // ULID
    std::string businessAccount;
    std::string name;
    std::string description;
    std::vector<std::string> permissions;  // as granted, validated against the catalogue
    std::int64_t version = 1;
    Timestamp createdAt{};
    std::string createdBy;
    bool builtIn = false;
    std::map<std::string, TenantRolePermissions> tenantPermissions;  // by tenant locator (ROLE-2)
    // How many times the store wrote it; a write must name the revision it was prepared from, so
    // that no writer (instance, operator command) undoes another's change unseen.
    std::int64_t revision = 0;
};

// ROLE-3: built-in roles exist in every business account and are never stored.
inline constexpr std::string_view kAdminRoleName = "admin";
inline constexpr std::string_view kReadOnlyRoleName = "read-only";
inline constexpr std::string_view kAdminRoleLocator = "00000000000000000000000ADM";
inline constexpr std::string_view kReadOnlyRoleLocator = "00000000000000000000000R0Y";

bool isValidRoleName(std::string_view name);

}  // namespace tessera::domain
