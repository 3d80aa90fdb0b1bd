#include <gtest/gtest.h>

#include "domain/TenantScope.h"

namespace tessera::domain {
namespace {

Tenant tenant(std::string locator, TenantType type) {
    Tenant out;
    out.locator = std::move(locator);
    out.type = type;
    return out;
}

const std::string kA = "11111111-1111-4111-8111-111111111111";
const std::string kB = "22222222-2222-4222-8222-222222222222";

TenantScope scopeOf(std::initializer_list<const char*> entries) {
    TenantScope scope;
    for (const char* text : entries) scope.add(*parseScopeEntry(text));
    return scope;
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
        {scopeOf({"any"}), tenant(kA, TenantType::Test), true},
        {scopeOf({"any"}), tenant(kA, TenantType::Production), true},
        {scopeOf({"any"}), tenant(kA, TenantType::Retired), false},
        {scopeOf({"any"}), tenant(kA, TenantType::Deleted), false},
        {scopeOf({"type:test"}), tenant(kA, TenantType::Test), true},
        {scopeOf({"type:test"}), tenant(kA, TenantType::Production), false},
        {scopeOf({"type:production"}), tenant(kA, TenantType::Production), true},
        {scopeOf({kA.c_str()}), tenant(kA, TenantType::Production), true},
        {scopeOf({kA.c_str()}), tenant(kB, TenantType::Production), false},
        {scopeOf({kA.c_str()}), tenant(kA, TenantType::Retired), false},
        {scopeOf({}), tenant(kA, TenantType::Test), false},
        {TenantScope::everything(), tenant(kB, TenantType::Test), true},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        EXPECT_EQ(cases[i].scope.covers(cases[i].tenant), cases[i].covered) << "case " << i;
    }
}

// SCOPE-3 pattern subset.
TEST(TenantScopeSubset, SCOPE3_RequestedEntryWithinHeldScope) {
    Tenant liveA = tenant(kA, TenantType::Test);
    Tenant retiredB = tenant(kB, TenantType::Retired);
    struct Case {
        TenantScope held;
        const char* requested;
        const Tenant* target;
        bool within;
    };
    std::vector<Case> cases = {
        {scopeOf({"any"}), "any", nullptr, true},
        {scopeOf({"type:test"}), "any", nullptr, false},
        {scopeOf({"any"}), "type:test", nullptr, true},
        {scopeOf({"type:test"}), "type:test", nullptr, true},
        {scopeOf({"type:test"}), "type:production", nullptr, false},
        {scopeOf({kA.c_str()}), "type:test", nullptr, false},
        {scopeOf({"type:test"}), kA.c_str(), &liveA, true},
        {scopeOf({kA.c_str()}), kA.c_str(), &liveA, true},
        {scopeOf({"any"}), kB.c_str(), &retiredB, false},
        {scopeOf({"any"}), kB.c_str(), nullptr, false},
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
