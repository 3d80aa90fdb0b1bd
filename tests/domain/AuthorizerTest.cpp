#include <gtest/gtest.h>

#include "domain/Authorizer.h"

namespace tessera::domain {
namespace {

const std::string kLive = "11111111-1111-4111-8111-111111111111";
const std::string kOther = "22222222-2222-4222-8222-222222222222";

PermissionSet permissions(std::initializer_list<const char*> names) {
    PermissionSet set;
    for (const char* name : names) set.add(*parsePermissionPattern(name));
    return set;
}

TenantScope scope(std::initializer_list<const char*> entries) {
    TenantScope out;
    for (const char* entry : entries) out.add(*parseScopeEntry(entry));
    return out;
}

UserRights rights(PermissionSet held, TenantScope tenants, bool enabled = true) {
    UserRights out;
    out.enabled = enabled;
    out.permissions = std::move(held);
    out.scope = std::move(tenants);
    return out;
}

Tenant liveTenant(const std::string& locator, TenantType type = TenantType::Test) {
    Tenant tenant;
    tenant.locator = locator;
    tenant.type = type;
    return tenant;
}

// PAT-4, SCOPE-2: the token and its owner must both cover the permission and the tenant now.
TEST(AuthorizeToken, PAT4_TokenAndOwnerMustBothCover) {
    Tenant live = liveTenant(kLive);
    Tenant other = liveTenant(kOther);
    Tenant retired = liveTenant(kLive, TenantType::Retired);
    struct Case {
        const char* name;
        TokenGrant token;
        UserRights owner;
        const char* permission;
        const Tenant* tenant;
        Decision expected;
    };
    std::vector<Case> cases = {
        {"both hold",
         {permissions({"quotes.write"}), scope({kLive.c_str()})},
         rights(permissions({"quotes.*"}), scope({"any"})),
         "quotes.write",
         &live,
         Decision::Allow},
        {"token lacks permission",
         {permissions({"quotes.read"}), scope({"any"})},
         rights(permissions({"quotes.*"}), scope({"any"})),
         "quotes.write",
         &live,
         Decision::DenyPermission},
        {"owner lost permission",
         {permissions({"quotes.write"}), scope({"any"})},
         rights(permissions({"quotes.read"}), scope({"any"})),
         "quotes.write",
         &live,
         Decision::DenyPermission},
        {"token lacks tenant",
         {permissions({"quotes.write"}), scope({kOther.c_str()})},
         rights(permissions({"*.*"}), scope({"any"})),
         "quotes.write",
         &live,
         Decision::DenyTenant},
        {"owner lost tenant",
         {permissions({"quotes.write"}), scope({"any"})},
         rights(permissions({"*.*"}), scope({kOther.c_str()})),
         "quotes.write",
         &live,
         Decision::DenyTenant},
        {"scope before permission",
         {permissions({"quotes.read"}), scope({"any"})},
         rights(permissions({"quotes.read"}), scope({kOther.c_str()})),
         "quotes.write",
         &live,
         Decision::DenyTenant},
        {"retired tenant",
         {permissions({"*.*"}), scope({"any"})},
         rights(permissions({"*.*"}), TenantScope::everything()),
         "quotes.write",
         &retired,
         Decision::DenyTenant},
        {"no tenant named",
         {permissions({"quotes.write"}), scope({})},
         rights(permissions({"quotes.write"}), scope({})),
         "quotes.write",
         nullptr,
         Decision::Allow},
        {"other tenant by type",
         {permissions({"quotes.write"}), scope({"type:test"})},
         rights(permissions({"quotes.write"}), scope({"type:test"})),
         "quotes.write",
         &other,
         Decision::Allow},
        {"disabled owner",
         {permissions({"*.*"}), scope({"any"})},
         rights(permissions({"*.*"}), scope({"any"}), false),
         "quotes.write",
         nullptr,
         Decision::DenyDisabled},
    };
    for (const auto& c : cases) {
        std::string_view group, action;
        ASSERT_TRUE(splitPermission(c.permission, group, action));
        EXPECT_EQ(authorizeToken(c.token, c.owner, group, action, c.tenant), c.expected) << c.name;
    }
}

TEST(AuthorizeUser, SCOPE2_ScopeIsCheckedBeforePermission) {
    Tenant live = liveTenant(kLive);
    EXPECT_EQ(authorizeUser(rights(permissions({"quotes.write"}), scope({kOther.c_str()})),
                            "quotes", "write", &live),
              Decision::DenyTenant);
    EXPECT_EQ(authorizeUser(rights(permissions({"quotes.read"}), scope({kLive.c_str()})), "quotes",
                            "write", &live),
              Decision::DenyPermission);
    EXPECT_EQ(authorizeUser(rights(permissions({"quotes.*"}), scope({kLive.c_str()})), "quotes",
                            "write", &live),
              Decision::Allow);
}

// PAT-4: effective versus dormant.
TEST(EffectiveRights, PAT4_SplitsGrantIntoEffectiveAndDormant) {
    Tenant live = liveTenant(kLive);
    Tenant retired = liveTenant(kOther, TenantType::Retired);
    TenantLookup lookup = [&](std::string_view locator) -> const Tenant* {
        if (locator == kLive) return &live;
        if (locator == kOther) return &retired;
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
         {kLive},
         rights(permissions({"quotes.*"}), scope({"any"})),
         {"quotes.write"},
         {},
         {kLive},
         {}},
        {"permission lost",
         {"quotes.write", "policies.read"},
         {kLive},
         rights(permissions({"policies.read"}), scope({"any"})),
         {"policies.read"},
         {"quotes.write"},
         {kLive},
         {}},
        {"wildcard narrowed",
         {"quotes.*"},
         {},
         rights(permissions({"quotes.read", "policies.read"}), scope({})),
         {"quotes.read"},
         {"quotes.*"},
         {},
         {}},
        {"tenant lost and retired",
         {"quotes.read"},
         {kLive, kOther, "any"},
         rights(permissions({"quotes.read"}), scope({"type:production"})),
         {"quotes.read"},
         {},
         {},
         {kLive, kOther, "any"}},
        {"tenant via type",
         {"quotes.read"},
         {kLive, "type:test"},
         rights(permissions({"quotes.read"}), scope({"type:test"})),
         {"quotes.read"},
         {},
         {kLive, "type:test"},
         {}},
        {"owner disabled",
         {"quotes.read"},
         {kLive},
         rights(permissions({"*.*"}), scope({"any"}), false),
         {},
         {"quotes.read"},
         {},
         {kLive}},
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
    auto owner = permissions({"quotes.*", "policies.read"});
    auto callingToken = permissions({"quotes.write", "policies.read"});
    std::vector<PermissionPattern> requested;
    for (const char* name : {"quotes.write", "quotes.read", "quotes.*", "policies.read", "*.*"}) {
        requested.push_back(*parsePermissionPattern(name));
    }
    EXPECT_EQ(permissionsNotWithin(requested, {&owner}), (std::vector<std::string>{"*.*"}));
    EXPECT_EQ(permissionsNotWithin(requested, {&owner, &callingToken}),
              (std::vector<std::string>{"quotes.read", "quotes.*", "*.*"}));

    Tenant live = liveTenant(kLive);
    TenantLookup lookup = [&](std::string_view locator) {
        return locator == kLive ? &live : nullptr;
    };
    auto userScope = scope({"type:test"});
    auto tokenScope = scope({kLive.c_str()});
    std::vector<ScopeEntry> tenants = {*parseScopeEntry(kLive), *parseScopeEntry("type:test"),
                                       *parseScopeEntry("any")};
    EXPECT_EQ(tenantsNotWithin(tenants, {&userScope}, lookup), (std::vector<std::string>{"any"}));
    EXPECT_EQ(tenantsNotWithin(tenants, {&userScope, &tokenScope}, lookup),
              (std::vector<std::string>{"type:test", "any"}));
}

}  // namespace
}  // namespace tessera::domain
