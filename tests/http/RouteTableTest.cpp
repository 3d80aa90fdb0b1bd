#include <gtest/gtest.h>

#include <set>
#include <string>

#include "http/Route.h"

namespace tessera::http {
namespace {

std::vector<std::string> parametersOf(std::string_view pattern) {
    std::vector<std::string> out;
    for (size_t open = pattern.find('{'); open != std::string_view::npos;
         open = pattern.find('{', open + 1)) {
        out.emplace_back(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
    }
    return out;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// The route table is the single source of authorization: its declarations must be complete
// enough for RoutePolicy to apply SCOPE-2, PERM-4/PERM-6 and USR-2 without help from handlers.
TEST(RouteTable, PERM4_EveryAuthenticatedRouteDeclaresWhatOpensIt) {
    for (const auto& route : buildRouteTable()) {
        if (route.access != Access::Authenticated) continue;
        EXPECT_TRUE(!route.permission.actions.empty() || route.self != SelfRule::None)
            << route.operationId << ": authenticated but neither a permission nor a self rule";
        EXPECT_EQ(route.permission.group.empty(), route.permission.actions.empty())
            << route.operationId;
        for (auto action : route.permission.actions)
            EXPECT_NE(action, "custom") << route.operationId << ": the self rule is an enum";
    }
}

// SCOPE-2: every management route with a tenant in its path declares it, so the router checks
// the scope before the permission.
TEST(RouteTable, SCOPE2_EveryTenantInAPathIsDeclared) {
    int declared = 0;
    for (const auto& route : buildRouteTable()) {
        auto parameters = parametersOf(route.pattern);
        std::string tenantParameter;
        for (const auto& name : parameters) {
            bool namesTenant = name.find("tenant") != std::string::npos ||
                               (route.pattern.starts_with("/auth/tenants/{") && name == "locator");
            if (namesTenant) tenantParameter = name;
        }
        EXPECT_EQ(route.tenantParam, tenantParameter) << route.operationId;
        if (!route.tenantParam.empty()) {
            ++declared;
            EXPECT_NE(route.access, Access::Public) << route.operationId;
        }
    }
    EXPECT_GE(declared, 9);
}

// USR-2: every route that names a user in its path declares it, and what it does to it.
TEST(RouteTable, USR2_EveryUserInAPathIsDeclaredWithItsAction) {
    for (const auto& route : buildRouteTable()) {
        if (route.access == Access::Public) continue;  // PAT-5's 405s act on nobody
        auto parameters = parametersOf(route.pattern);
        std::string userParameter;
        if (route.pattern.starts_with("/auth/users/{locator}")) userParameter = "locator";
        if (contains(parameters, "userLocator")) userParameter = "userLocator";
        EXPECT_EQ(route.userParam, userParameter) << route.operationId;
        EXPECT_EQ(route.userParam.empty(), route.userAction == UserAction::None)
            << route.operationId;
        bool changes = route.method != "GET";
        if (!route.userParam.empty()) {
            EXPECT_EQ(route.userAction, changes ? UserAction::Changes : UserAction::Reads)
                << route.operationId;
        }
        if (route.self == SelfRule::SelfUser || route.self == SelfRule::SelfUserTokens) {
            EXPECT_FALSE(route.userParam.empty()) << route.operationId;
        }
    }
}

// Work decides the thread: a write declared memory-only would run on an I/O thread. Whatever is
// not a GET changes something, except the few endpoints that only answer from memory.
TEST(RouteTable, WritesAreNeverDeclaredMemoryOnly) {
    const std::set<std::string_view> answersFromMemory = {
        "updateAuthToken",
        "patchAuthToken",
        "updateAuthTokenForUser",
        "patchAuthTokenForUser",  // PAT-5: always 405
        "getGroupedTokenPermissions",
        "introspect",
        "userinfoPost"};  // OIDC Core 5.3: UserInfo by POST, the same read as by GET
    for (const auto& route : buildRouteTable()) {
        if (route.method == "GET") {
            EXPECT_NE(route.work, Work::Writes) << route.operationId;
            continue;
        }
        EXPECT_EQ(route.work == Work::Memory, answersFromMemory.contains(route.operationId))
            << route.operationId;
    }
}

// Issue 15, item 4: with --management-listen the management listener serves /metrics and the
// probes, from memory and without credentials; the public one keeps every other route and the
// probes (load balancers check them there), but not /metrics.
TEST(RouteTable, ManagementListenerTakesMetricsAndSharesTheProbes) {
    auto routes = buildRouteTable();
    std::vector<std::string_view> management;
    for (const auto& route : routesServedBy(routes, Listener::Management)) {
        management.push_back(route.operationId);
        EXPECT_EQ(route.access, Access::Public) << route.operationId;
        EXPECT_EQ(route.work, Work::Memory) << route.operationId;
    }
    EXPECT_EQ(management, (std::vector<std::string_view>{"healthz", "metrics", "readyz"}));
    std::set<std::string_view> served;
    for (const auto& route : routesServedBy(routes, Listener::Public))
        served.insert(route.operationId);
    EXPECT_EQ(served.size(), routes.size() - 1);
    EXPECT_FALSE(served.contains("metrics"));
    EXPECT_TRUE(served.contains("healthz") && served.contains("readyz"));
}

}  // namespace
}  // namespace tessera::http
