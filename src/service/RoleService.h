#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/Directory.h"
#include "service/Principal.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

struct RoleChanges {
    std::int64_t version = 0;
    std::string name;
    std::string description;
    std::vector<std::string> addPermissions;
    std::vector<std::string> removePermissions;
};

using RoleRef = std::shared_ptr<const domain::Role>;

struct TenantRoleChanges {
    std::int64_t version = 0;
    std::vector<std::string> addPermissions;
    std::vector<std::string> removePermissions;
    std::optional<std::string> description;
};

// A role as it applies on one tenant (ROLE-2).
struct TenantRoleView {
    RoleRef role;
    std::string tenantLocator;
    domain::TenantRolePermissions override;
};

// Roles of a business account (ROLE-1); built-ins are read-only (ROLE-3); no escalation (ROLE-4).
class RoleService {
  public:
    explicit RoleService(const ServiceContext& context) : context_(context) {}

    Result<RoleRef> find(const Principal& caller, std::string_view locator) const;
    // The caller's business account's roles, built-ins included.
    std::vector<RoleRef> list(const Principal& caller) const;
    // Every permission of the catalogue (PERM-2), in name order.
    std::vector<std::string> catalogueNames() const;
    Result<RoleRef> create(const Principal& caller, const std::string& name,
                           const std::string& description,
                           const std::vector<std::string>& permissions);
    Result<RoleRef> update(const Principal& caller, std::string_view locator,
                           const RoleChanges& changes);
    Result<void> remove(const Principal& caller, std::string_view locator);
    // ROLE-2: per-tenant permissions that replace a role's base set on one tenant.
    Result<TenantRoleView> findTenantRole(const Principal& caller, std::string_view tenantLocator,
                                          std::string_view roleLocator) const;
    Result<TenantRoleView> createTenantRole(const Principal& caller, std::string_view tenantLocator,
                                            std::string_view roleLocator,
                                            const std::vector<std::string>& permissions,
                                            const std::string& description);
    Result<TenantRoleView> updateTenantRole(const Principal& caller, std::string_view tenantLocator,
                                            std::string_view roleLocator,
                                            const TenantRoleChanges& changes);
    Result<void> removeTenantRole(const Principal& caller, std::string_view tenantLocator,
                                  std::string_view roleLocator);
    Result<std::vector<TenantRoleView>> tenantRoles(const Principal& caller,
                                                    std::string_view tenantLocator) const;

    // The permissions a role grants as listed to clients (the built-ins spelled out).
    std::vector<std::string> permissionsOf(const domain::Role& role) const;

  private:
    Result<domain::Tenant> tenantOf(const Principal& caller, std::string_view tenantLocator) const;
    Result<RoleRef> editableRole(const Principal& caller, std::string_view roleLocator) const;
    // How a tenant-role write expects the role's entry for the tenant to be when it commits.
    enum class TenantEntry { Absent, AtVersion, Present };
    Result<TenantRoleView> saveTenantRole(domain::Role role, const std::string& tenantLocator,
                                          TenantEntry expected, std::int64_t expectedVersion,
                                          std::string eventType);
    Result<std::vector<std::string>> validatePermissions(
        const Principal& caller, const std::vector<std::string>& permissions) const;

    ServiceContext context_;
};

}  // namespace tessera::service
