#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "domain/TenantScope.h"

namespace tessera::domain {
namespace {

using namespace tessera::testing;

Tenant tenant(std::string locator, TenantType type) {
    Tenant out;
    out.locator = std::move(locator);
    out.type = type;
    return out;
}

// SCOPE-1 syntax.
TEST(ScopeEntrySyntax, SCOPE1_AcceptsLocatorsAnyAndTypes) {
    struct Case {
        const char* text;
        bool valid;
        const char* normalised;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"any", true, "any"},
             {"type:test", true, "type:test"},
             {"type:production", true, "type:production"},
             {"11111111-1111-4111-8111-111111111111", true, "11111111-1111-4111-8111-111111111111"},
             {"11111111-1111-4111-8111-11111111111A", true, "11111111-1111-4111-8111-11111111111a"},
             {"type:retired", false, ""},
             {"ANY", false, ""},
             {"11111111-1111-4111-8111-1111111111", false, ""},
             {"11111111x1111-4111-8111-111111111111", false, ""},
             {"", false, ""},
         }) {
        auto entry = parseScopeEntry(c.text);
        EXPECT_EQ(entry.has_value(), c.valid) << c.text;
        if (entry) {
            EXPECT_EQ(entry->text(), c.normalised);
        }
    }
}

// SCOPE-1 cover, TEN-1 liveness.
TEST(TenantScopeCover, SCOPE1_TEN1_CoversLiveTenantsNamedByAnEntry) {
    struct Case {
        TenantScope scope;
        Tenant tenant;
        bool covered;
    };
    std::vector<Case> cases = {
        {tenantScope({"any"}), tenant(kTenantA, TenantType::Test), true},
        {tenantScope({"any"}), tenant(kTenantA, TenantType::Production), true},
        {tenantScope({"any"}), tenant(kTenantA, TenantType::Retired), false},
        {tenantScope({"any"}), tenant(kTenantA, TenantType::Deleted), false},
        {tenantScope({"type:test"}), tenant(kTenantA, TenantType::Test), true},
        {tenantScope({"type:test"}), tenant(kTenantA, TenantType::Production), false},
        {tenantScope({"type:production"}), tenant(kTenantA, TenantType::Production), true},
        {tenantScope({kTenantA.c_str()}), tenant(kTenantA, TenantType::Production), true},
        {tenantScope({kTenantA.c_str()}), tenant(kTenantB, TenantType::Production), false},
        {tenantScope({kTenantA.c_str()}), tenant(kTenantA, TenantType::Retired), false},
        {tenantScope({}), tenant(kTenantA, TenantType::Test), false},
        {TenantScope::everything(), tenant(kTenantB, TenantType::Test), true},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        EXPECT_EQ(cases[i].scope.covers(cases[i].tenant), cases[i].covered) << "case " << i;
    }
}

// SCOPE-3 pattern subset.
TEST(TenantScopeSubset, SCOPE3_RequestedEntryWithinHeldScope) {
    Tenant liveA = tenant(kTenantA, TenantType::Test);
    Tenant retiredB = tenant(kTenantB, TenantType::Retired);
    struct Case {
        TenantScope held;
        const char* requested;
        const Tenant* target;
        bool within;
    };
    std::vector<Case> cases = {
        {tenantScope({"any"}), "any", nullptr, true},
        {tenantScope({"type:test"}), "any", nullptr, false},
        {tenantScope({"any"}), "type:test", nullptr, true},
        {tenantScope({"type:test"}), "type:test", nullptr, true},
        {tenantScope({"type:test"}), "type:production", nullptr, false},
        {tenantScope({kTenantA.c_str()}), "type:test", nullptr, false},
        {tenantScope({"type:test"}), kTenantA.c_str(), &liveA, true},
        {tenantScope({kTenantA.c_str()}), kTenantA.c_str(), &liveA, true},
        {tenantScope({"any"}), kTenantB.c_str(), &retiredB, false},
        {tenantScope({"any"}), kTenantB.c_str(), nullptr, false},
        {TenantScope::everything(), "any", nullptr, true},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        auto entry = parseScopeEntry(cases[i].requested);
        ASSERT_TRUE(entry);
        EXPECT_EQ(cases[i].held.contains(*entry, cases[i].target), cases[i].within) << "case " << i;
    }
}

}  // namespace
}  // namespace tessera::domain
