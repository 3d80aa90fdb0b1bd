#include <gtest/gtest.h>

#include "domain/DisplayText.h"

namespace tessera::domain {
namespace {

// Names people read must show what they are (PAT-9 printable names, TEN-1, ROLE-1, USR-1).
TEST(DisplayText, PAT9_RefusesControlAndBidirectionalFormattingCharacters) {
    struct Case {
        std::string text;
        bool safe;
    };
    using namespace std::string_literals;
    for (const Case& c : std::initializer_list<Case>{
             {"ci token", true},
             {"Zürich — Δοκιμή 東京 🚀", true},
             {"", true},
             {"a\0b"s, false},                   // C0: NUL
             {"line\nbreak", false},             // C0: LF
             {"tab\there", false},               // C0: TAB
             {"del\x7f", false},                 // DEL
             {"c1\xc2\x85", false},              // U+0085 NEL (C1)
             {"c1\xc2\x9f", false},              // U+009F (C1)
             {"\xc2\xa0nbsp", true},             // U+00A0 is printable
             {"txt\xe2\x80\xaegpj.exe", false},  // U+202E RIGHT-TO-LEFT OVERRIDE
             {"\xe2\x80\xaa", false},            // U+202A LRE
             {"\xe2\x80\xac", false},            // U+202C PDF
             {"\xe2\x81\xa6x", false},           // U+2066 LRI
             {"\xe2\x81\xa9", false},            // U+2069 PDI
             {"\xe2\x80\x8f", false},            // U+200F RLM
             {"\xd8\x9c", false},                // U+061C ALM
             {"\xe2\x80\xa9", true},             // U+2029 is not a bidi control
             {"\xff", false},                    // not UTF-8
             {"\xc0\xaf", false},                // overlong '/'
             {"\xed\xa0\x80", false},            // a surrogate
             {"\xf4\x90\x80\x80", false},        // beyond U+10FFFF
             {"\xe2\x80", false},                // truncated
         }) {
        EXPECT_EQ(isDisplaySafe(c.text), c.safe) << testing::PrintToString(c.text);
    }
}

TEST(DisplayText, PAT9_TheErrorNamesTheField) {
    auto refused = checkDisplaySafe("x\xe2\x80\xaey", "name");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidRequest);
    EXPECT_EQ(refused.error().offending, std::vector<std::string>{"name"});
    EXPECT_TRUE(checkDisplaySafe("fine", "name"));
}

}  // namespace
}  // namespace tessera::domain
