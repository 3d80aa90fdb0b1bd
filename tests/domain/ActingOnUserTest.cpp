#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "domain/ActingOnUser.h"

namespace tessera::domain {
namespace {

const std::string kLive = "11111111-1111-4111-8111-111111111111";
const std::string kOther = "22222222-2222-4222-8222-222222222222";
const std::string kRetired = "33333333-3333-4333-8333-333333333333";

std::vector<PermissionPattern> patterns(std::initializer_list<const char*> texts) {
    std::vector<PermissionPattern> out;
    for (const char* text : texts) out.push_back(*parsePermissionPattern(text));
    return out;
}

std::vector<ScopeEntry> entries(std::initializer_list<std::string> texts) {
    std::vector<ScopeEntry> out;
    for (const auto& text : texts) out.push_back(*parseScopeEntry(text));
    return out;
}

PermissionSet setOf(std::initializer_list<const char*> texts) {
    PermissionSet set;
    for (const auto& pattern : patterns(texts)) set.add(pattern);
    return set;
}

TenantScope scopeOf(std::initializer_list<std::string> texts) {
    TenantScope scope;
    for (const auto& entry : entries(texts)) scope.add(entry);
    return scope;
}

// USR-2 (extends ROLE-4 with PERM-5 and SCOPE-3): what of the target lies beyond the caller.
TEST(ActingOnUser, USR2_TargetRightsMustBeWithinTheCallers) {
    auto live = testing::makeTenant(kLive, "default", TenantType::Production);
    auto other = testing::makeTenant(kOther, "default", TenantType::Test);
    auto retired = testing::makeTenant(kRetired, "default", TenantType::Retired);
    TenantLookup lookup = [&](std::string_view locator) -> const Tenant* {
        for (const Tenant* tenant : {&live, &other, &retired}) {
            if (tenant->locator == locator) return tenant;
        }
        return nullptr;
    };
    struct Case {
        const char* name;
        HeldRights target;
        bool callerIsAdmin;
        PermissionSet callerPermissions;
        TenantScope callerScope;
        std::vector<std::string> beyond;
    };
    std::vector<Case> cases = {
        {"equal rights",
         {false, patterns({"quotes.read"}), entries({kLive})},
         false,
         setOf({"quotes.read", "users.update"}),
         scopeOf({kLive}),
         {}},
        {"fewer permissions, covered by a wildcard",
         {false, patterns({"quotes.read", "quotes.write"}), {}},
         false,
         setOf({"quotes.*"}),
         scopeOf({}),
         {}},
        {"a permission the caller lacks",
         {false, patterns({"quotes.read", "policies.write"}), {}},
         false,
         setOf({"quotes.*"}),
         scopeOf({}),
         {"policies.write"}},
        {"a group wildcard needs the wildcard",
         {false, patterns({"quotes.*"}), {}},
         false,
         setOf({"quotes.read", "quotes.write"}),
         scopeOf({}),
         {"quotes.*"}},
        {"a tenant outside the caller's scope",
         {false, {}, entries({kLive, kOther})},
         false,
         setOf({}),
         scopeOf({kLive}),
         {kOther}},
        {"a type entry needs the type or any",
         {false, {}, entries({"type:test"})},
         false,
         setOf({}),
         scopeOf({kOther}),
         {"type:test"}},
        {"any needs any",
         {false, {}, entries({"any"})},
         false,
         setOf({}),
         scopeOf({"type:test", "type:production"}),
         {"any"}},
        {"type scope covers a live tenant of that type",
         {false, {}, entries({kLive})},
         false,
         setOf({}),
         scopeOf({"type:production"}),
         {}},
        {"a retired tenant bounds nothing",
         {false, {}, entries({kRetired})},
         false,
         setOf({}),
         scopeOf({}),
         {}},
        {"an unknown tenant bounds nothing",
         {false, {}, entries({"44444444-4444-4444-8444-444444444444"})},
         false,
         setOf({}),
         scopeOf({}),
         {}},
        {"an admin target, non-admin caller with everything",
         {true, patterns({"*.*"}), entries({"any"})},
         false,
         setOf({"*.*"}),
         scopeOf({"any"}),
         {"admin"}},
        {"an admin target, admin caller",
         {true, patterns({"*.*"}), entries({"any"})},
         true,
         setOf({}),
         scopeOf({}),
         {}},
        {"an admin caller changes anyone",
         {false, patterns({"policies.*"}), entries({kOther})},
         true,
         setOf({}),
         scopeOf({}),
         {}},
    };
    for (const auto& c : cases) {
        auto beyond = rightsBeyondCaller(c.target, c.callerIsAdmin, {&c.callerPermissions},
                                         {&c.callerScope}, lookup);
        EXPECT_EQ(beyond, c.beyond) << c.name;
    }
}

// USR-2 with a PAT: the token's grant bounds too (PAT-4), like PAT-2.
TEST(ActingOnUser, USR2_EveryHolderBoundsTheTarget) {
    TenantLookup none = [](std::string_view) -> const Tenant* { return nullptr; };
    HeldRights target{false, patterns({"quotes.read"}), {}};
    auto owner = setOf({"*.*"});
    auto token = setOf({"users.update"});
    auto scope = scopeOf({"any"});
    EXPECT_EQ(rightsBeyondCaller(target, false, {&owner, &token}, {&scope}, none),
              std::vector<std::string>{"quotes.read"});
    auto wider = setOf({"users.update", "quotes.read"});
    EXPECT_TRUE(rightsBeyondCaller(target, false, {&owner, &wider}, {&scope}, none).empty());
}

}  // namespace
}  // namespace tessera::domain
