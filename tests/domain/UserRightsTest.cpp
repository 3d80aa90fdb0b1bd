#include <gtest/gtest.h>

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
