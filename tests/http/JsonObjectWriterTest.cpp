#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/JsonObjectWriter.h"

namespace tessera::http {
namespace {

// The writer's text is what boost::json::serialize makes of the same object, member for member
// and in order, escapes included.
TEST(JsonObjectWriter, WritesWhatSerialisingTheSameObjectWrites) {
    const std::string awkward = "quote \" backslash \\ newline \n tab \t nul " +
                                std::string(1, '\0') +
                                " control \x01 unicode \xc3\xa9 \xe2\x82\xac";
    std::string out;
    JsonObjectWriter writer(out);
    writer.boolean("active", true)
        .boolean("off", false)
        .text("plain", "value")
        .text("awkward", awkward)
        .text("key \"quoted\"", "")
        .integer("negative", -42)
        .integer("large", 9'007'199'254'740'993)
        .texts("none", {})
        .texts("some", {"a", awkward, ""});
    writer.close();

    boost::json::object expected;
    expected["active"] = true;
    expected["off"] = false;
    expected["plain"] = "value";
    expected["awkward"] = awkward;
    expected["key \"quoted\""] = "";
    expected["negative"] = -42;
    expected["large"] = std::int64_t(9'007'199'254'740'993);
    expected["none"] = boost::json::array();
    expected["some"] = boost::json::array{"a", boost::json::string(awkward), ""};
    EXPECT_EQ(out, boost::json::serialize(expected));
    EXPECT_EQ(boost::json::parse(out), expected);
}

TEST(JsonObjectWriter, AnEmptyObjectIsBraces) {
    std::string out = "prefix:";
    JsonObjectWriter(out).close();
    EXPECT_EQ(out, "prefix:{}");
}

}  // namespace
}  // namespace tessera::http
