#include <gtest/gtest.h>

#include <set>

#include "http/ApiSchemas.h"
#include "http/OpenApi.h"

namespace tessera::http {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Every $ref in the document names a component schema.
void expectRefsResolve(const boost::json::value& value, const boost::json::object& schemas) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.as_object()) {
            if (key == "$ref") {
                std::string ref(member.as_string());
                ASSERT_TRUE(ref.starts_with("#/components/schemas/")) << ref;
                EXPECT_TRUE(schemas.contains(ref.substr(21))) << ref;
            }
            expectRefsResolve(member, schemas);
        }
    } else if (value.is_array()) {
        for (const auto& item : value.as_array()) expectRefsResolve(item, schemas);
    }
}

// Issue 4: no route without a documented operation, no operation without a route.
TEST(OpenApi, DocumentsEveryRouteAndNothingElse) {
    auto routes = buildRouteTable();
    auto document = buildOpenApiDocument(routes, "http://127.0.0.1:8080");
    EXPECT_EQ(document.at("openapi"), "3.1.0");
    const auto& paths = document.at("paths").as_object();
    size_t operations = 0;
    for (const auto& [path, item] : paths) operations += item.as_object().size();
    EXPECT_EQ(operations, routes.size());

    std::set<std::string> operationIds;
    for (const auto& route : routes) {
        auto item = paths.if_contains(route.pattern);
        ASSERT_TRUE(item) << route.pattern;
        auto operation = item->as_object().if_contains(lower(route.method));
        ASSERT_TRUE(operation) << route.method << " " << route.pattern;
        const auto& op = operation->as_object();
        EXPECT_TRUE(operationIds.insert(std::string(op.at("operationId").as_string())).second)
            << "duplicate operationId " << route.operationId;
        EXPECT_FALSE(route.doc.summary.empty()) << route.operationId;
        EXPECT_FALSE(route.doc.tag.empty()) << route.operationId;
        EXPECT_FALSE(op.at("responses").as_object().empty());
        if (!route.permission.group.empty()) {
            EXPECT_EQ(std::string_view(op.at("x-securityGroup").as_string()),
                      route.permission.group);
            EXPECT_EQ(op.at("x-securityPermission").as_array().size(),
                      route.permission.actions.size() + (route.self != SelfRule::None ? 1 : 0));
        }
        EXPECT_EQ(op.at("security").as_array().empty(), route.access == Access::Public)
            << route.operationId;
    }
    expectRefsResolve(document, apiSchemas());
}

TEST(OpenApi, ReferenceOperationsCarryTheirPermissions) {
    auto document = buildOpenApiDocument(buildRouteTable(), "http://x");
    const auto& create = document.at("paths").at("/auth/users/tokens").at("post").as_object();
    EXPECT_EQ(create.at("operationId"), "createAuthToken");
    EXPECT_EQ(create.at("x-securityGroup"), "users");
    EXPECT_EQ(create.at("x-securityPermission"), (boost::json::array{"write", "token"}));
    const auto& whoami = document.at("paths").at("/auth/users/whoami").at("get").as_object();
    EXPECT_EQ(whoami.at("summary"), "Describe Current User");
    EXPECT_TRUE(document.at("components").at("securitySchemes").as_object().contains("bearerAuth"));
    EXPECT_TRUE(document.at("components").at("schemas").as_object().contains("Problem"));
}

}  // namespace
}  // namespace tessera::http
