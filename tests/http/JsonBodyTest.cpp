#include <gtest/gtest.h>

#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Query.h"

namespace tessera::http {
namespace {

HttpRequest jsonRequest(std::string body, std::string type = "application/json") {
    HttpRequest request;
    request.contentType = std::move(type);
    request.body = std::move(body);
    return request;
}

// docs/api.md, errors: strict request bodies.
TEST(JsonBody, RejectsDuplicateKeysAtAnyDepth) {
    for (const char* body :
         {R"({"a":1,"a":2})", R"({"x":{"b":1,"b":2}})", R"([{"c":1},{"d":1,"d":1}])"}) {
        auto parsed = parseJsonStrict(jsonRequest(body));
        ASSERT_FALSE(parsed) << body;
        EXPECT_EQ(parsed.error().code, ErrorCode::InvalidJson);
    }
    EXPECT_TRUE(parseJsonStrict(jsonRequest(R"({"a":{"k":1},"b":{"k":1}})")))
        << "same key in sibling objects";
}

TEST(JsonBody, RejectsMalformedDeepAndWrongMediaType) {
    EXPECT_EQ(parseJsonStrict(jsonRequest("{")).error().code, ErrorCode::InvalidJson);
    EXPECT_EQ(parseJsonStrict(jsonRequest("{} trailing")).error().code, ErrorCode::InvalidJson);
    EXPECT_EQ(
        parseJsonStrict(jsonRequest(std::string(100, '[') + std::string(100, ']'))).error().code,
        ErrorCode::InvalidJson);
    EXPECT_EQ(parseJsonStrict(jsonRequest("{}", "text/plain")).error().code,
              ErrorCode::UnsupportedMediaType);
    EXPECT_TRUE(parseJsonStrict(jsonRequest("{}", "application/json; charset=utf-8")));
}

TEST(JsonObjectReader, NamesUnknownFieldsAndTypeErrors) {
    auto unknown = JsonObjectReader::open(jsonRequest(R"({"name":"x","expiresat":"y","zzz":1})"),
                                          {"name", "expiresAt"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().offending, (std::vector<std::string>{"expiresat", "zzz"}));

    auto reader = JsonObjectReader::open(
        jsonRequest(
            R"({"s":"text","n":5,"list":["a","b"],"mixed":["a",1],"flag":true,"when":"2030-01-01T00:00:00Z","nothing":null})"),
        {"s", "n", "list", "mixed", "flag", "when", "nothing"});
    ASSERT_TRUE(reader);
    EXPECT_EQ(*reader->requiredString("s"), "text");
    EXPECT_FALSE(reader->requiredString("n"));
    EXPECT_EQ(reader->requiredString("absent").error().offending,
              (std::vector<std::string>{"absent"}));
    EXPECT_EQ(*reader->requiredInteger("n"), 5);
    EXPECT_EQ(*reader->requiredStrings("list"), (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(reader->requiredStrings("mixed"));
    EXPECT_EQ(**reader->optionalBool("flag"), true);
    EXPECT_EQ((*reader->optionalTimestamp("when"))->time_since_epoch().count(), 1893456000);
    EXPECT_FALSE(*reader->optionalTimestamp("nothing"));
    EXPECT_FALSE(reader->optionalTimestamp("s"));
    EXPECT_FALSE(*reader->optionalString("absent"));
}

TEST(JsonObjectReader, ReadsDeclaredFieldsAndAllowsOnlyThose) {
    auto fields = {requiredField("name"),
                   optionalField("description"),
                   requiredField("permissions", JsonType::Strings),
                   optionalField("tenants", JsonType::Strings),
                   optionalField("enabled", JsonType::Bool),
                   requiredField("version", JsonType::Integer),
                   optionalField("expiresAt", JsonType::Timestamp),
                   refusedField("roles", "roles are given elsewhere")};
    auto read = [&](std::string body) {
        return readJsonObject(jsonRequest(std::move(body)), fields);
    };

    auto body = read(
        R"({"name":"n","permissions":["a","b"],"version":7,"expiresAt":"2030-01-01T00:00:00Z","tenants":null})");
    ASSERT_TRUE(body) << body.error().message;
    EXPECT_EQ(body->string("name"), "n");
    EXPECT_FALSE(body->optionalString("description"));
    EXPECT_EQ(body->strings("permissions"), (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(body->optionalStrings("tenants")) << "null is absent";
    EXPECT_FALSE(body->optionalBool("enabled"));
    EXPECT_EQ(body->integer("version"), 7);
    EXPECT_EQ(body->optionalTimestamp("expiresAt")->time_since_epoch().count(), 1893456000);
    EXPECT_THROW((void)body->string("undeclared"), std::logic_error);

    // Unknown fields first, all of them named, whatever else is wrong.
    auto unknown = read(R"({"zzz":1,"name":5,"Version":2})");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::InvalidRequest);
    EXPECT_EQ(unknown.error().message, "unknown field(s) in the request body");
    EXPECT_EQ(unknown.error().offending, (std::vector<std::string>{"zzz", "Version"}));

    // Then the declared fields in their order: the first that fails names itself.
    struct Case {
        const char* body;
        const char* message;
        const char* field;
    };
    for (const auto& [text, message, field] : {
             Case{R"({"permissions":[],"version":1})", "name is required", "name"},
             Case{R"({"name":null,"version":1})", "name must be a string", "name"},
             Case{R"({"name":"n","version":1})", "permissions is required", "permissions"},
             Case{R"({"name":"n","permissions":["a",1],"version":1})",
                  "permissions must be an array of strings", "permissions"},
             Case{R"({"name":"n","permissions":null})", "permissions must be an array of strings",
                  "permissions"},
             Case{R"({"name":"n","permissions":[],"description":3})",
                  "description must be a string", "description"},
             Case{R"({"name":"n","permissions":[],"enabled":"yes","version":1})",
                  "enabled must be true or false", "enabled"},
             Case{R"({"name":"n","permissions":[]})", "version is required", "version"},
             Case{R"({"name":"n","permissions":[],"version":1.5})", "version must be an integer",
                  "version"},
             Case{R"({"name":"n","permissions":[],"version":1,"expiresAt":1})",
                  "expiresAt must be an RFC 3339 date-time string or null", "expiresAt"},
             Case{R"({"name":"n","permissions":[],"version":1,"expiresAt":"soon"})",
                  "expiresAt must be an RFC 3339 date-time such as 2030-01-31T00:00:00Z",
                  "expiresAt"},
             Case{R"({"name":"n","permissions":[],"version":1,"roles":null})",
                  "roles are given elsewhere", "roles"},
         }) {
        auto failed = read(text);
        ASSERT_FALSE(failed) << text;
        EXPECT_EQ(failed.error().code, ErrorCode::InvalidRequest) << text;
        EXPECT_EQ(failed.error().message, message) << text;
        EXPECT_EQ(failed.error().offending, (std::vector<std::string>{field})) << text;
    }

    EXPECT_EQ(read("[]").error().message, "the request body must be a JSON object");
    EXPECT_EQ(read(R"({"name":"a","name":"b"})").error().code, ErrorCode::InvalidJson);
}

TEST(JsonBody, AStringBody) {
    EXPECT_EQ(*parseJsonString(jsonRequest(R"("tsr_x")")), "tsr_x");
    EXPECT_FALSE(parseJsonString(jsonRequest("{}")));
}

TEST(Query, DecodesAndRejectsMalformed) {
    auto fields = parseQueryString("a=1&b=x+y&c=%2Fz&empty=");
    ASSERT_TRUE(fields);
    EXPECT_EQ(queryValue(*fields, "b"), "x y");
    EXPECT_EQ(queryValue(*fields, "c"), "/z");
    EXPECT_EQ(queryValue(*fields, "empty"), "");
    EXPECT_FALSE(queryValue(*fields, "missing"));
    EXPECT_FALSE(parseQueryString("a=%zz"));
}

// docs/api.md, errors: each stable code has its status.
TEST(Problem, MapsCodesToStatusesAndBody) {
    EXPECT_EQ(statusFor(ErrorCode::PermissionNotHeld), 400);
    EXPECT_EQ(statusFor(ErrorCode::Unauthenticated), 401);
    EXPECT_EQ(statusFor(ErrorCode::Forbidden), 403);
    EXPECT_EQ(statusFor(ErrorCode::TokenImmutable), 405);
    EXPECT_EQ(statusFor(ErrorCode::PatLimitReached), 409);
    EXPECT_EQ(statusFor(ErrorCode::PayloadTooLarge), 413);
    EXPECT_EQ(statusFor(ErrorCode::UnsupportedMediaType), 415);
    EXPECT_EQ(statusFor(ErrorCode::Unavailable), 503);
    auto response = problem(Error{ErrorCode::PermissionNotHeld, "nope", {"a.b"}});
    EXPECT_EQ(response.contentType, "application/problem+json");
    EXPECT_NE(response.body.find(R"("code":"permission_not_held")"), std::string::npos);
    EXPECT_NE(response.body.find(R"("invalidEntries":["a.b"])"), std::string::npos);
    auto unauthenticated = problem(ErrorCode::Unauthenticated, "x");
    ASSERT_EQ(unauthenticated.headers.size(), 1u);
    EXPECT_EQ(unauthenticated.headers[0].first, "WWW-Authenticate");
}

}  // namespace
}  // namespace tessera::http

namespace tessera::http {
namespace {

// A query is a view into the request target, followed by more bytes: only the view counts.
TEST(Query, ReadsOnlyTheViewedText) {
    std::string_view target("type=productionXYZ", 15);
    auto fields = parseQueryString(target);
    ASSERT_TRUE(fields);
    EXPECT_EQ(queryValue(*fields, "type"), "production");
}

}  // namespace
}  // namespace tessera::http
