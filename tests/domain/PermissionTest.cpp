#include <gtest/gtest.h>

#include "domain/Permission.h"
#include "domain/PermissionSet.h"

namespace tessera::domain {
namespace {

// Table rows are named by their position: stable across runs, unlike the default byte dump.
auto rowName = [](const auto& info) { return "row" + std::to_string(info.index); };

// PERM-1: syntax of permissions and wildcards.
TEST(PermissionSyntax, PERM1_ParsesWellFormedNames) {
    for (auto [text, kind] : std::initializer_list<std::pair<const char*, PatternKind>>{
             {"quotes.write", PatternKind::Concrete},
             {"account-balances.write", PatternKind::Concrete},
             {"Quotes.Write2", PatternKind::Concrete},
             {"quotes.*", PatternKind::GroupWildcard},
             {"*.*", PatternKind::All},
         }) {
        auto parsed = parsePermissionPattern(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(parsed->kind, kind) << text;
        EXPECT_EQ(parsed->text(), text);
    }
}

TEST(PermissionSyntax, PERM1_RefusesMalformedNames) {
    for (const char* text :
         {"*.read", "quotes", "quotes.write.extra", ".write", "quotes.", "1quotes.write",
          "quotes.-write", "quo tes.write", "quotes.wr_ite", ""}) {
        auto parsed = parsePermissionPattern(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, ErrorCode::InvalidPermission) << text;
    }
}

// PERM-3: cover.
struct CoverCase {
    const char* granted;
    const char* permission;
    bool covered;
};

class PermissionCover : public ::testing::TestWithParam<CoverCase> {};

TEST_P(PermissionCover, PERM3_CoversExactGroupWildcardAndAll) {
    const auto& param = GetParam();
    auto granted = parsePermissionPattern(param.granted);
    ASSERT_TRUE(granted);
    std::string_view group, action;
    ASSERT_TRUE(splitPermission(param.permission, group, action));
    EXPECT_EQ(covers(*granted, group, action), param.covered)
        << param.granted << " vs " << param.permission;
    PermissionSet set;
    set.add(*granted);
    EXPECT_EQ(set.covers(param.permission), param.covered);
}

INSTANTIATE_TEST_SUITE_P(Table, PermissionCover,
                         ::testing::Values(CoverCase{"quotes.write", "quotes.write", true},
                                           CoverCase{"quotes.write", "quotes.read", false},
                                           CoverCase{"quotes.write", "Quotes.write", false},
                                           CoverCase{"quotes.*", "quotes.read", true},
                                           CoverCase{"quotes.*", "policies.read", false},
                                           CoverCase{"quotes.*", "quotesx.read", false},
                                           CoverCase{"*.*", "anything.at-all", true}),
                         rowName);

// PERM-5: pattern subset.
struct SubsetCase {
    std::vector<const char*> held;
    const char* requested;
    bool within;
};

class PatternSubset : public ::testing::TestWithParam<SubsetCase> {};

TEST_P(PatternSubset, PERM5_RequestedPatternWithinHeldSet) {
    const auto& param = GetParam();
    PermissionSet held;
    for (const char* text : param.held) held.add(*parsePermissionPattern(text));
    EXPECT_EQ(held.contains(*parsePermissionPattern(param.requested)), param.within)
        << param.requested;
}

INSTANTIATE_TEST_SUITE_P(
    Table, PatternSubset,
    ::testing::Values(SubsetCase{{"quotes.write"}, "quotes.write", true},
                      SubsetCase{{"quotes.write"}, "quotes.read", false},
                      SubsetCase{{"quotes.*"}, "quotes.read", true},
                      SubsetCase{{"quotes.read", "quotes.write"}, "quotes.*", false},
                      SubsetCase{{"quotes.*"}, "quotes.*", true},
                      SubsetCase{{"*.*"}, "quotes.*", true}, SubsetCase{{"*.*"}, "*.*", true},
                      SubsetCase{{"quotes.*", "policies.*"}, "*.*", false},
                      SubsetCase{{}, "quotes.read", false}),
    rowName);

TEST(PermissionSet, ListsPatternsInStableOrder) {
    PermissionSet set;
    for (const char* text : {"quotes.write", "*.*", "policies.*", "accounts.read"})
        set.add(*parsePermissionPattern(text));
    EXPECT_EQ(set.toStrings(),
              (std::vector<std::string>{"*.*", "policies.*", "accounts.read", "quotes.write"}));
}

}  // namespace
}  // namespace tessera::domain
