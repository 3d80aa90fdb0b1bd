#pragma once

#include <memory>
#include <string>
#include <vector>

#include "domain/ActingOnUser.h"
#include "domain/Permission.h"
#include "domain/TenantScope.h"
#include "service/Directory.h"
#include "service/Principal.h"

namespace tessera::service {

// Checks shared by every use case that grants rights to someone or something (PERM-5, SCOPE-3,
// ROLE-3, ROLE-4, PAT-2, PAT-3).

// ROLE-3: an admin acting with its full rights (a token must carry `*.*` too).
bool actsAsAdmin(const Principal& principal);

// SCOPE-1 syntax, and SCOPE-3's "unknown tenant locators are rejected with 400".
Result<std::vector<domain::ScopeEntry>> resolveScope(const Directory& directory,
                                                     std::string_view businessAccount,
                                                     const std::vector<std::string>& entries);

// Role names of the business account (built-ins included) to roles; unknown names are named.
Result<std::vector<std::shared_ptr<const domain::Role>>> resolveRoles(
    const Directory& directory, std::string_view businessAccount,
    const std::vector<std::string>& names);

Result<void> checkPermissionsGrantable(const Principal& principal,
                                       const std::vector<domain::PermissionPattern>& requested);
Result<void> checkScopeGrantable(const Principal& principal, const Directory& directory,
                                 const std::vector<domain::ScopeEntry>& requested);
// ROLE-3 / ROLE-4: only admins assign (or remove) `admin`; others only roles within their rights.
Result<void> checkRolesAssignable(const Principal& principal, const Directory& directory,
                                  const std::vector<std::shared_ptr<const domain::Role>>& roles);

// USR-2: the caller may change `target`: itself, or a user whose rights are within its own
// (admins only by admins). The router applies it to every route that changes the path's user;
// each such write asserts it again against the state it commits against.
Result<void> checkMayActOn(const Principal& caller, const Directory& directory,
                           const UserEntry& target);

}  // namespace tessera::service
