#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "domain/Authorizer.h"

namespace tessera::domain {
namespace {

using namespace tessera::testing;

UserRights rights(PermissionSet held, TenantScope tenants, bool enabled = true) {
    UserRights out;
    out.enabled = enabled;
    out.permissions = std::move(held);
    out.scope = std::move(tenants);
    return out;
}

// The same from the patterns and tenant entries (well formed) that the cases are written in.
using Texts = std::initializer_list<const char*>;
UserRights rights(Texts held, Texts tenants, bool enabled = true) {
    return rights(permissionSet(held), tenantScope(tenants), enabled);
}
TokenGrant grant(Texts permissions, Texts tenants) {
    return {permissionSet(permissions), tenantScope(tenants)};
}

Tenant liveTenant(const std::string& locator, TenantType type = TenantType::Test) {
    Tenant tenant;
    tenant.locator = locator;
    tenant.type = type;
    return tenant;
}

// PAT-4, SCOPE-2: the token and its owner must both cover the permission and the tenant now.
TEST(AuthorizeToken, PAT4_TokenAndOwnerMustBothCover) {
    Tenant live = liveTenant(kTenantA);
    Tenant other = liveTenant(kTenantB);
    Tenant retired = liveTenant(kTenantA, TenantType::Retired);
    struct Case {
        const char* name;
        TokenGrant token;
        UserRights owner;
        const Tenant* tenant;
        Decision expected;
    };
    std::vector<Case> cases = {
        {"both hold", grant({"quotes.write"}, {kTenantA.c_str()}), rights({"quotes.*"}, {"any"}),
         &live, Decision::Allow},
        {"token lacks permission", grant({"quotes.read"}, {"any"}), rights({"quotes.*"}, {"any"}),
         &live, Decision::DenyPermission},
        {"owner lost permission", grant({"quotes.write"}, {"any"}),
         rights({"quotes.read"}, {"any"}), &live, Decision::DenyPermission},
        {"token lacks tenant", grant({"quotes.write"}, {kTenantB.c_str()}),
         rights({"*.*"}, {"any"}), &live, Decision::DenyTenant},
        {"owner lost tenant", grant({"quotes.write"}, {"any"}), rights({"*.*"}, {kTenantB.c_str()}),
         &live, Decision::DenyTenant},
        {"scope before permission", grant({"quotes.read"}, {"any"}),
         rights({"quotes.read"}, {kTenantB.c_str()}), &live, Decision::DenyTenant},
        {"retired tenant", grant({"*.*"}, {"any"}),
         rights(permissionSet({"*.*"}), TenantScope::everything()), &retired, Decision::DenyTenant},
        {"no tenant named", grant({"quotes.write"}, {}), rights({"quotes.write"}, {}), nullptr,
         Decision::Allow},
        {"other tenant by type", grant({"quotes.write"}, {"type:test"}),
         rights({"quotes.write"}, {"type:test"}), &other, Decision::Allow},
        {"disabled owner", grant({"*.*"}, {"any"}), rights({"*.*"}, {"any"}, false), nullptr,
         Decision::DenyDisabled},
    };
    std::string_view group, action;
    ASSERT_TRUE(splitPermission("quotes.write", group, action));  // what each case asks for
    for (const auto& c : cases) {
        EXPECT_EQ(authorizeToken(c.token, c.owner, group, action, c.tenant), c.expected) << c.name;
    }
}

TEST(AuthorizeUser, SCOPE2_ScopeIsCheckedBeforePermission) {
    Tenant live = liveTenant(kTenantA);
    EXPECT_EQ(authorizeUser(rights({"quotes.write"}, {kTenantB.c_str()}), "quotes", "write", &live),
              Decision::DenyTenant);
    EXPECT_EQ(authorizeUser(rights({"quotes.read"}, {kTenantA.c_str()}), "quotes", "write", &live),
              Decision::DenyPermission);
    EXPECT_EQ(authorizeUser(rights({"quotes.*"}, {kTenantA.c_str()}), "quotes", "write", &live),
              Decision::Allow);
}

// PAT-4: effective versus dormant.
TEST(EffectiveRights, PAT4_SplitsGrantIntoEffectiveAndDormant) {
    Tenant live = liveTenant(kTenantA);
    Tenant retired = liveTenant(kTenantB, TenantType::Retired);
    TenantLookup lookup = [&](std::string_view locator) -> const Tenant* {
        if (locator == kTenantA) return &live;
        if (locator == kTenantB) return &retired;
        return nullptr;
    };
    struct Case {
        const char* name;
        std::vector<std::string> permissions, tenants;
        UserRights owner;
        std::vector<std::string> effectivePermissions, dormantPermissions, effectiveTenants,
            dormantTenants;
    };
    std::vector<Case> cases = {
        {"all held",
         {"quotes.write"},
         {kTenantA},
         rights({"quotes.*"}, {"any"}),
         {"quotes.write"},
         {},
         {kTenantA},
         {}},
        {"permission lost",
         {"quotes.write", "policies.read"},
         {kTenantA},
         rights({"policies.read"}, {"any"}),
         {"policies.read"},
         {"quotes.write"},
         {kTenantA},
         {}},
        {"wildcard narrowed",
         {"quotes.*"},
         {},
         rights({"quotes.read", "policies.read"}, {}),
         {"quotes.read"},
         {"quotes.*"},
         {},
         {}},
        {"tenant lost and retired",
         {"quotes.read"},
         {kTenantA, kTenantB, "any"},
         rights({"quotes.read"}, {"type:production"}),
         {"quotes.read"},
         {},
         {},
         {kTenantA, kTenantB, "any"}},
        {"tenant via type",
         {"quotes.read"},
         {kTenantA, "type:test"},
         rights({"quotes.read"}, {"type:test"}),
         {"quotes.read"},
         {},
         {kTenantA, "type:test"},
         {}},
        {"owner disabled",
         {"quotes.read"},
         {kTenantA},
         rights({"*.*"}, {"any"}, false),
         {},
         {"quotes.read"},
         {},
         {kTenantA}},
    };
    for (const auto& c : cases) {
        auto view = describeEffectiveRights(c.permissions, c.tenants, c.owner, lookup);
        EXPECT_EQ(view.effectivePermissions, c.effectivePermissions) << c.name;
        EXPECT_EQ(view.dormantPermissions, c.dormantPermissions) << c.name;
        EXPECT_EQ(view.effectiveTenants, c.effectiveTenants) << c.name;
        EXPECT_EQ(view.dormantTenants, c.dormantTenants) << c.name;
    }
}

// PAT-2, PAT-3: requested entries must lie within every holder.
TEST(GrantWithin, PAT2_PAT3_NamesEntriesOutsideAnyHolder) {
    auto owner = permissionSet({"quotes.*", "policies.read"});
    auto callingToken = permissionSet({"quotes.write", "policies.read"});
    std::vector<PermissionPattern> requested;
    for (const char* name : {"quotes.write", "quotes.read", "quotes.*", "policies.read", "*.*"}) {
        requested.push_back(*parsePermissionPattern(name));
    }
    EXPECT_EQ(permissionsNotWithin(requested, {&owner}), (std::vector<std::string>{"*.*"}));
    EXPECT_EQ(permissionsNotWithin(requested, {&owner, &callingToken}),
              (std::vector<std::string>{"quotes.read", "quotes.*", "*.*"}));

    Tenant live = liveTenant(kTenantA);
    TenantLookup lookup = [&](std::string_view locator) {
        return locator == kTenantA ? &live : nullptr;
    };
    auto userScope = tenantScope({"type:test"});
    auto tokenScope = tenantScope({kTenantA.c_str()});
    std::vector<ScopeEntry> tenants = {*parseScopeEntry(kTenantA), *parseScopeEntry("type:test"),
                                       *parseScopeEntry("any")};
    EXPECT_EQ(tenantsNotWithin(tenants, {&userScope}, lookup), (std::vector<std::string>{"any"}));
    EXPECT_EQ(tenantsNotWithin(tenants, {&userScope, &tokenScope}, lookup),
              (std::vector<std::string>{"type:test", "any"}));
}

}  // namespace
}  // namespace tessera::domain
