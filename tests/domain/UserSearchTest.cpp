#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "domain/User.h"

namespace tessera::domain {
namespace {

// USR-1: the users list's `search` (extension) matches a case-insensitive substring of the user
// name, first name, last name or email; nothing else on the user (locator, roles) matches.
TEST(UserSearch, USR1_MatchesASubstringOfNamesOrEmailIgnoringCase) {
    User user = testing::makeUser("7d1c6a9e-0000-4000-8000-00000000abcd", {"01ROLE"}, {});
    user.userName = "Jane.Doe@Example.com";
    user.firstName = "Jane";
    user.lastName = "O'Doe-Smith";
    user.email = "jane@personal.example";
    struct Case {
        std::string term;  // as the service passes it: lower-cased
        bool matches;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"", true},                      // no search: everyone
             {"jane.doe@example.com", true},  // the whole user name
             {"example.com", true},           // part of it, case folded
             {"jan", true},                   // first name
             {"o'doe", true},                 // last name, punctuation kept
             {"smith", true},                 //
             {"personal", true},              // email
             {"e.d", true},                   // spans the user name's dot
             {"jane doe", false},             // not across fields
             {"abcd", false},                 // the locator is not searched
             {"01role", false},               // nor roles
             {"jane.doe@example.com.", false},
             {"q", false},
         }) {
        EXPECT_EQ(matchesSearch(user, c.term), c.matches) << c.term;
    }
}

TEST(UserSearch, USR1_UpperCaseTermsAreLowerCasedByTheCaller) {
    User user;
    user.userName = "ops@example.com";
    EXPECT_TRUE(matchesSearch(user, lowerCase("OPS@EXAMPLE")));
    // Bytes outside ASCII compare as they are (names are matched byte for byte there).
    user.firstName = "Zoë";
    EXPECT_TRUE(matchesSearch(user, "zoë"));
    EXPECT_FALSE(matchesSearch(user, "zoe"));
}

}  // namespace
}  // namespace tessera::domain
