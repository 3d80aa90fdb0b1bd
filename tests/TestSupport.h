#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "domain/PermissionSet.h"
#include "domain/PersonalAccessToken.h"
#include "domain/Role.h"
#include "domain/Tenant.h"
#include "domain/TenantScope.h"
#include "domain/User.h"
#include "service/Clock.h"

namespace tessera::testing {

// A temporary directory removed with the object.
class TempDir {
  public:
    TempDir() {
        path_ = std::filesystem::temp_directory_path() /
                ("tessera-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    static int& counter() {
        static int value = 0;
        return value;
    }
    std::filesystem::path path_;
};

class ManualClock final : public service::Clock {
  public:
    domain::Timestamp now() const override { return at; }
    domain::Timestamp at{std::chrono::seconds{1'800'000'000}};
};

// Two well-formed tenant locators.
inline const std::string kTenantA = "11111111-1111-4111-8111-111111111111";
inline const std::string kTenantB = "22222222-2222-4222-8222-222222222222";

// The set of these permission patterns, which must be well formed.
inline domain::PermissionSet permissionSet(std::initializer_list<const char*> patterns) {
    domain::PermissionSet set;
    for (const char* pattern : patterns) set.add(*domain::parsePermissionPattern(pattern));
    return set;
}

// The scope of these tenant entries, which must be well formed.
inline domain::TenantScope tenantScope(std::initializer_list<const char*> entries) {
    domain::TenantScope scope;
    for (const char* entry : entries) scope.add(*domain::parseScopeEntry(entry));
    return scope;
}

// A row of business account `ba` (a tenant, role, user, webhook endpoint…) with this locator,
// the rest as default: where the builders start.
template <class Row>
Row accountRow(std::string locator, std::string ba) {
    Row row;
    row.locator = std::move(locator);
    row.businessAccount = std::move(ba);
    return row;
}

inline domain::Tenant makeTenant(std::string locator, std::string ba = "default",
                                 domain::TenantType type = domain::TenantType::Test) {
    auto tenant = accountRow<domain::Tenant>(std::move(locator), std::move(ba));
    tenant.name = "tenant";
    tenant.type = type;
    return tenant;
}

inline domain::Role makeRole(std::string locator, std::vector<std::string> permissions,
                             std::string ba = "default") {
    auto role = accountRow<domain::Role>(std::move(locator), std::move(ba));
    role.name = "role-" + role.locator;
    role.permissions = std::move(permissions);
    return role;
}

inline domain::User makeUser(std::string locator, std::vector<std::string> roles,
                             std::vector<std::string> tenants, std::string ba = "default") {
    auto user = accountRow<domain::User>(std::move(locator), std::move(ba));
    user.userName = user.locator + "@example.com";
    user.firstName = "F";
    user.lastName = "L";
    user.roleLocators = std::move(roles);
    user.tenants = std::move(tenants);
    return user;
}

inline domain::PersonalAccessToken makeToken(std::string locator, std::string owner,
                                             std::uint8_t hashByte,
                                             std::vector<std::string> permissions = {
                                                 "quotes.read"}) {
    domain::PersonalAccessToken token;
    token.locator = std::move(locator);
    token.ownerLocator = std::move(owner);
    token.name = "token-" + token.locator;
    token.permissions = std::move(permissions);
    token.secretHash.fill(hashByte);
    return token;
}

}  // namespace tessera::testing
