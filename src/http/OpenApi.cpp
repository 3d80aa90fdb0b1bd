#include "http/OpenApi.h"

#include <boost/json/array.hpp>

#include "http/ApiSchemas.h"

namespace tessera::http {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

value schemaFor(std::string_view name) {
    if (name == "string") return object{{"type", "string"}};
    if (name == "string[]") return object{{"type", "array"}, {"items", object{{"type", "string"}}}};
    if (name.ends_with("[]")) {
        name.remove_suffix(2);
        return object{{"type", "array"},
                      {"items", object{{"$ref", "#/components/schemas/" + std::string(name)}}}};
    }
    return object{{"$ref", "#/components/schemas/" + std::string(name)}};
}

object jsonContent(const value& schema, std::string_view mediaType = "application/json") {
    return object{{mediaType, object{{"schema", schema}}}};
}

object problemResponse(std::string_view description) {
    return object{{"description", description},
                  {"content", jsonContent(schemaFor("Problem"), "application/problem+json")}};
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isCheck(const Route& route) {
    return route.operationId == "check" || route.operationId == "checkAuthenticated";
}

array parametersOf(const Route& route) {
    array parameters;
    std::string_view pattern = route.pattern;
    for (size_t open = pattern.find('{'); open != std::string_view::npos;
         open = pattern.find('{', open + 1)) {
        auto close = pattern.find('}', open);
        parameters.push_back(object{{"name", pattern.substr(open + 1, close - open - 1)},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", object{{"type", "string"}}}});
    }
    std::string_view query = route.doc.query;
    while (!query.empty()) {
        auto comma = query.find(',');
        auto name = query.substr(0, comma);
        query = comma == std::string_view::npos ? std::string_view() : query.substr(comma + 1);
        bool numeric = name == "offset" || name == "count";
        parameters.push_back(
            object{{"name", name},
                   {"in", "query"},
                   {"required", false},
                   {"schema", object{{"type", numeric                ? "integer"
                                              : name == "enableUser" ? "boolean"
                                                                     : "string"}}}});
    }
    if (route.operationId == "check") {
        parameters.push_back(
            object{{"name", "X-Required-Permission"},
                   {"in", "header"},
                   {"required", true},
                   {"description", "Comma-separated group.action alternatives; any one suffices."},
                   {"schema", object{{"type", "string"}}}});
    }
    if (isCheck(route)) {
        parameters.push_back(object{{"name", "X-Tenant-Locator"},
                                    {"in", "header"},
                                    {"required", false},
                                    {"schema", object{{"type", "string"}}}});
    }
    return parameters;
}

object responsesOf(const Route& route) {
    object responses;
    std::string_view response = route.doc.response;
    if (response == "405") {
        responses["405"] =
            problemResponse("Tokens are immutable; the Allow header lists GET, DELETE");
        return responses;
    }
    if (response == "204") {
        responses["204"] = object{{"description", "Done"}};
    } else if (response == "302") {
        responses["302"] = object{
            {"description", "Redirect"},
            {"headers", object{{"Location", object{{"schema", object{{"type", "string"}}}}}}}};
    } else if (response == "html") {
        responses["200"] = object{
            {"description", "A console file (HTML, JavaScript or CSS)"},
            {"content", object{{"text/html", object{{"schema", object{{"type", "string"}}}}}}}};
    } else if (response.empty()) {
        object ok{{"description", "Done (empty body)"}};
        if (isCheck(route)) {
            object headers;
            for (const char* name :
                 {"X-Auth-User-Locator", "X-Auth-User-Name", "X-Auth-Business-Account",
                  "X-Auth-Method", "X-Auth-Token-Name"}) {
                headers[name] = object{{"schema", object{{"type", "string"}}}};
            }
            ok["description"] = "Allowed";
            ok["headers"] = std::move(headers);
        }
        responses["200"] = std::move(ok);
    } else {
        // "201 Schema": a status other than 200 before the schema's name.
        std::string status = "200";
        if (response.size() > 4 && response[3] == ' ') {
            status = std::string(response.substr(0, 3));
            response.remove_prefix(4);
        }
        responses[status] =
            object{{"description", "Success"}, {"content", jsonContent(schemaFor(response))}};
    }
    bool oauth = route.operationId == "token" || route.operationId == "logout";
    if (oauth) {
        responses["400"] = object{{"description", "OAuth error"},
                                  {"content", jsonContent(schemaFor("OAuthError"))}};
    } else if (!route.doc.request.empty() || !route.doc.query.empty() || isCheck(route)) {
        responses["400"] =
            problemResponse("Invalid request; invalidEntries names each offending entry");
    }
    if (route.access != Access::Public) {
        responses["401"] = problemResponse("Missing, invalid or expired credential");
        responses["403"] = problemResponse("Permission or tenant not held");
    }
    if (route.pattern.find('{') != std::string_view::npos && !oauth) {
        responses["404"] = problemResponse("Not found");
    }
    if (!route.doc.request.empty() && !oauth) {
        responses["409"] =
            problemResponse("Conflict (duplicate, stale version, or the token limit)");
        responses["413"] = problemResponse("Body larger than 64 KiB");
        responses["415"] = problemResponse("Body is not application/json");
    }
    responses["default"] = problemResponse("Error");
    return responses;
}

object operationOf(const Route& route) {
    object operation;
    operation["operationId"] = route.operationId;
    operation["summary"] = route.doc.summary;
    operation["tags"] = array{route.doc.tag};
    if (!route.permission.group.empty()) {
        operation["x-securityGroup"] = route.permission.group;
        array actions;
        for (auto action : route.permission.actions) actions.emplace_back(action);
        if (route.self != SelfRule::None) actions.emplace_back("custom");  // PERM-4's notation
        operation["x-securityPermission"] = std::move(actions);
    }
    if (route.access == Access::Admin) operation["x-adminOnly"] = true;
    if (!route.tenantParam.empty()) operation["x-tenantParameter"] = route.tenantParam;
    operation["security"] =
        route.access != Access::Public ? array{object{{"bearerAuth", array{}}}} : array{};
    auto parameters = parametersOf(route);
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    std::string_view request = route.doc.request;
    if (!request.empty()) {
        bool form = request.starts_with("form:");
        if (form) request.remove_prefix(5);
        operation["requestBody"] = object{
            {"required", !form || route.operationId != "logout"},
            {"content", jsonContent(schemaFor(request), form ? "application/x-www-form-urlencoded"
                                                             : "application/json")}};
    }
    operation["responses"] = responsesOf(route);
    return operation;
}

}  // namespace

object buildOpenApiDocument(const std::vector<Route>& routes, std::string_view serverUrl) {
    object paths;
    array tags;
    std::vector<std::string_view> seenTags;
    for (const auto& route : routes) {
        auto& path = paths[route.pattern];
        if (!path.is_object()) path = object{};
        path.as_object()[lower(route.method)] = operationOf(route);
        if (std::find(seenTags.begin(), seenTags.end(), route.doc.tag) == seenTags.end()) {
            seenTags.push_back(route.doc.tag);
            tags.push_back(object{{"name", route.doc.tag},
                                  {"description", std::string(route.doc.tag) + " endpoints"}});
        }
    }
    object components;
    components["schemas"] = apiSchemas();
    components["securitySchemes"] = object{
        {"bearerAuth", object{{"type", "http"},
                              {"scheme", "bearer"},
                              {"description",
                               "A login access token (JWT) or a personal access token (tsr_…)."}}}};
    return object{
        {"openapi", "3.1.0"},
        {"info",
         object{{"title", "Tessera auth API"},
                {"version", "1.0.0"},
                {"description",
                 "Compatible with the Socotra auth API; extensions are marked. Errors are RFC 9457 "
                 "Problem Details with a stable code."},
                {"license",
                 object{{"name", "Proprietary"}, {"identifier", "LicenseRef-Proprietary"}}}}},
        {"servers", array{object{{"url", serverUrl}}}},
        {"tags", std::move(tags)},
        {"security", array{object{{"bearerAuth", array{}}}}},
        {"paths", std::move(paths)},
        {"components", std::move(components)},
    };
}

}  // namespace tessera::http
