#include <gtest/gtest.h>

#include "domain/Catalogue.h"

namespace tessera::domain {
namespace {

// PERM-2: the shipped catalogue and what roles and tokens may contain.
TEST(Catalogue, PERM2_ShipsTheDefaultCatalogue) {
    auto catalogue = Catalogue::defaults();
    EXPECT_EQ(catalogue.sortedNames().size(), 261u);
    EXPECT_TRUE(catalogue.contains("quotes.write"));
    EXPECT_TRUE(catalogue.hasGroup("account-balances"));
    EXPECT_FALSE(catalogue.contains("quotes.*"));
}

TEST(Catalogue, PERM2_ValidateNamesEveryOffendingEntry) {
    auto catalogue = Catalogue::defaults();
    struct Case {
        std::vector<std::string> entries;
        std::vector<std::string> offending;
    };
    for (const auto& c : std::vector<Case>{
             {{"quotes.write", "quotes.*", "*.*"}, {}},
             {{"quotes.write", "quotes.fly"}, {"quotes.fly"}},
             {{"nogroup.*", "*.read", "quotes", "quotes.write"}, {"nogroup.*", "*.read", "quotes"}},
             {{"Quotes.write"}, {"Quotes.write"}},
             {{}, {}},
         }) {
        auto result = catalogue.validate(c.entries);
        if (c.offending.empty()) {
            EXPECT_TRUE(result.has_value());
            EXPECT_EQ(result->size(), c.entries.size());
        } else {
            ASSERT_FALSE(result.has_value());
            EXPECT_EQ(result.error().code, ErrorCode::InvalidPermission);
            EXPECT_EQ(result.error().offending, c.offending);
        }
    }
}

TEST(Catalogue, PERM2_DeploymentsMayExtendIt) {
    auto catalogue = Catalogue::defaults();
    EXPECT_TRUE(catalogue.extend({"widgets.spin"}));
    EXPECT_TRUE(catalogue.contains("widgets.spin"));
    EXPECT_TRUE(catalogue.validate({"widgets.*"}));
    auto bad = catalogue.extend({"widgets.*", "nodot"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().offending, (std::vector<std::string>{"widgets.*", "nodot"}));
}

TEST(Catalogue, ROLE3_ReadOnlyIsEveryReadAndListPermission) {
    auto catalogue = Catalogue::defaults();
    auto readOnly = catalogue.readOnlyPermissions();
    EXPECT_TRUE(readOnly.covers("quotes.read"));
    EXPECT_TRUE(readOnly.covers("accounts.list"));
    EXPECT_FALSE(readOnly.covers("quotes.write"));
    EXPECT_FALSE(readOnly.covers("users.token"));
    EXPECT_FALSE(readOnly.covers("nosuch.read"));
    for (const auto& name : readOnly.toStrings()) {
        EXPECT_TRUE(name.ends_with(".read") || name.ends_with(".list")) << name;
    }
}

}  // namespace
}  // namespace tessera::domain
