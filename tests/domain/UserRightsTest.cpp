#include <gtest/gtest.h>

#include "domain/Authorizer.h"
#include "domain/BusinessAccount.h"
#include "domain/Catalogue.h"
#include "domain/User.h"
#include "domain/UserRights.h"

namespace tessera::domain {
namespace {

Role role(std::string locator, std::vector<std::string> permissions) {
    Role out;
    out.locator = std::move(locator);
    out.permissions = std::move(permissions);
    return out;
}

// ROLE-1, ROLE-3, SCOPE-1
TEST(UserRights, ROLE1_UnionOfRoles_ROLE3_BuiltIns) {
    auto readOnly = Catalogue::defaults().readOnlyPermissions();
    User user;
    user.enabled = true;
    user.tenants = {"type:test"};
    auto quoter = role("R1", {"quotes.*"});
    auto reader = role("R2", {"policies.read"});
    auto rights = computeUserRights(user, {&quoter, &reader}, readOnly);
    EXPECT_FALSE(rights.admin);
    EXPECT_TRUE(rights.permissions.covers("quotes.write"));
    EXPECT_TRUE(rights.permissions.covers("policies.read"));
    EXPECT_FALSE(rights.permissions.covers("policies.write"));
    EXPECT_EQ(rights.scope.toStrings(), (std::vector<std::string>{"type:test"}));

    auto readOnlyRole = role(std::string(kReadOnlyRoleLocator), {});
    auto withReadOnly = computeUserRights(user, {&readOnlyRole}, readOnly);
    EXPECT_TRUE(withReadOnly.permissions.covers("accounts.list"));
    EXPECT_FALSE(withReadOnly.permissions.covers("accounts.write"));
    EXPECT_EQ(withReadOnly.scope.toStrings(), (std::vector<std::string>{"type:test"}))
        << "read-only does not widen the scope";

    auto adminRole = role(std::string(kAdminRoleLocator), {});
    auto admin = computeUserRights(user, {&quoter, &adminRole}, readOnly);
    EXPECT_TRUE(admin.admin);
    EXPECT_TRUE(admin.permissions.hasAll());
    EXPECT_TRUE(admin.scope.hasAny()) << "admin implies any (SCOPE-1)";

    user.enabled = false;
    EXPECT_FALSE(computeUserRights(user, {&quoter}, readOnly).enabled);
}

TEST(Names, BA1_USR1_NameRules) {
    for (const char* valid : {"default", "acme-2", "a"})
        EXPECT_TRUE(isValidBusinessAccountName(valid)) << valid;
    for (const char* invalid : {"", "Acme", "acme_2", "a b", "x/y"})
        EXPECT_FALSE(isValidBusinessAccountName(invalid)) << invalid;
    EXPECT_FALSE(isValidBusinessAccountName(std::string(64, 'a')));
    for (const char* valid : {"a@b.co", "first.last+tag@example.com"})
        EXPECT_TRUE(isValidUserName(valid)) << valid;
    for (const char* invalid :
         {"", "plain", "@example.com", "a@b", "a@b.", "a b@c.d", "a@@b.c", "a@.b"}) {
        EXPECT_FALSE(isValidUserName(invalid)) << invalid;
    }
    EXPECT_EQ(lowerCase("Alice@Example.COM"), "alice@example.com");
}

}  // namespace
}  // namespace tessera::domain

namespace tessera::domain {
namespace {

// ROLE-2: on a tenant, a role's own set replaces its base set; other roles keep theirs.
TEST(UserRights, ROLE2_TenantPermissionsReplaceTheBaseSetOnThatTenant) {
    const std::string kT1 = "11111111-1111-4111-8111-111111111111";
    const std::string kT2 = "22222222-2222-4222-8222-222222222222";
    User user;
    user.enabled = true;
    user.tenants = {"any"};
    auto quoter = role("R1", {"quotes.*"});
    quoter.tenantPermissions[kT1].permissions = {"quotes.read"};
    auto reader = role("R2", {"policies.read"});
    auto rights =
        computeUserRights(user, {&quoter, &reader}, Catalogue::defaults().readOnlyPermissions());
    Tenant t1, t2;
    t1.locator = kT1;
    t2.locator = kT2;
    struct Case {
        const Tenant* tenant;
        const char* permission;
        bool covered;
    };
    for (const auto& c : std::vector<Case>{{&t1, "quotes.read", true},
                                           {&t1, "quotes.write", false},
                                           {&t1, "policies.read", true},
                                           {&t2, "quotes.write", true},
                                           {&t2, "policies.read", true},
                                           {nullptr, "quotes.write", true}}) {
        EXPECT_EQ(rights.permissionsOn(c.tenant).covers(c.permission), c.covered)
            << (c.tenant ? c.tenant->locator : "no tenant") << " " << c.permission;
    }
    EXPECT_EQ(authorizeUser(rights, "quotes", "write", &t1), Decision::DenyPermission);
    EXPECT_EQ(authorizeUser(rights, "quotes", "write", &t2), Decision::Allow);
    TokenGrant token;
    token.permissions = PermissionSet::all();
    token.scope = TenantScope::everything();
    EXPECT_EQ(authorizeToken(token, rights, "quotes", "write", &t1), Decision::DenyPermission)
        << "PAT-4 with ROLE-2";
}

}  // namespace
}  // namespace tessera::domain
