#include "http/Representations.h"

#include <boost/json/serialize.hpp>
#include "http/Query.h"

#include <charconv>

namespace tessera::http {

using namespace tessera::domain;

boost::json::array stringArray(const std::vector<std::string>& items,
                               boost::json::storage_ptr storage) {
    boost::json::array out(std::move(storage));
    out.reserve(items.size());
    for (const auto& item : items) out.emplace_back(item);
    return out;
}

boost::json::object userJson(const Api& api, const service::UserEntry& entry) {
    const auto& user = entry.user;
    boost::json::object out;
    out["locator"] = user.locator;
    out["userName"] = user.userName;
    out["firstName"] = user.firstName;
    out["lastName"] = user.lastName;
    out["email"] = user.email;
    out["serviceAccount"] = user.serviceAccount;
    out["roles"] = stringArray(api.users.roleNames(user));
    out["tenants"] = stringArray(user.tenants);
    out["permissions"] = stringArray(entry.rights.permissions.toStrings());
    out["enabled"] = user.enabled;  // extension
    return out;
}

boost::json::object basicUserJson(const service::UserEntry& entry) {
    boost::json::object out;
    out["locator"] = entry.user.locator;
    out["userName"] = entry.user.userName;
    out["firstName"] = entry.user.firstName;
    out["lastName"] = entry.user.lastName;
    return out;
}

boost::json::object roleJson(const Api& api, const Role& role) {
    boost::json::object out;
    out["locator"] = role.locator;
    out["name"] = role.name;
    out["description"] = role.description;
    out["permissions"] = stringArray(api.roles.permissionsOf(role));
    out["version"] = role.version;
    out["createdAt"] = formatTimestamp(role.createdAt);
    out["createdBy"] = role.createdBy;
    out["builtIn"] = role.builtIn;  // extension
    return out;
}

boost::json::object tenantJson(const Tenant& tenant) {
    boost::json::object out;
    out["locator"] = tenant.locator;
    out["name"] = tenant.name;
    out["type"] = nameOf(tenant.type);
    out["description"] = tenant.description;
    out["createdAt"] = formatTimestamp(tenant.createdAt);
    out["createdBy"] = tenant.createdBy;
    out["updatedAt"] = formatTimestamp(tenant.updatedAt);
    out["businessAccount"] = tenant.businessAccount;
    return out;
}

boost::json::object tokenJson(const Api& api, const service::TokenEntry& entry) {
    const auto& token = entry.token;
    auto effective = api.tokens.effectiveRights(entry);
    boost::json::object out;
    out["name"] = token.name;
    out["createdAt"] = formatTimestamp(token.createdAt);
    out["expiresAt"] =
        token.expiresAt ? boost::json::value(formatTimestamp(*token.expiresAt)) : nullptr;
    out["permissions"] = stringArray(token.permissions);
    out["tenants"] = stringArray(token.tenants);
    // Extensions (PAT-1, PAT-4).
    out["locator"] = token.locator;
    out["expired"] = token.isExpired(api.clock.now());
    auto lastUsed = entry.lastUsedAt.load(std::memory_order_relaxed);
    out["lastUsedAt"] =
        lastUsed ? boost::json::value(formatTimestamp(Timestamp{std::chrono::seconds{lastUsed}}))
                 : nullptr;
    auto ip = entry.lastIp();
    out["lastUsedIp"] = ip.empty() ? boost::json::value(nullptr) : boost::json::value(ip);
    out["origin"] = nameOf(token.origin);
    out["allowedNetworks"] = stringArray(networkTexts(token.allowedNetworks));
    out["effectivePermissions"] = stringArray(effective->effectivePermissions);
    out["effectiveTenants"] = stringArray(effective->effectiveTenants);
    out["dormantPermissions"] = stringArray(effective->dormantPermissions);
    out["dormantTenants"] = stringArray(effective->dormantTenants);
    return out;
}

namespace {

template <class Json>
HttpResponse serialisedResponse(const Json& body, int status) {
    HttpResponse response;
    response.status = status;
    response.contentType = "application/json";
    response.body = boost::json::serialize(body);
    return response;
}

}  // namespace

HttpResponse jsonResponse(const boost::json::value& body, int status) {
    return serialisedResponse(body, status);
}

HttpResponse jsonResponse(const boost::json::object& body, int status) {
    return serialisedResponse(body, status);
}

HttpResponse jsonResponse(const boost::json::array& body, int status) {
    return serialisedResponse(body, status);
}

HttpResponse emptyResponse(int status) {
    HttpResponse response;
    response.status = status;
    return response;
}

Result<ListPage> listPage(const HttpRequest& request) {
    ListPage page;
    auto params = parseQueryString(request.query);
    if (!params) return fail(ErrorCode::InvalidRequest, "the query string is malformed");
    for (const auto& [key, text] : *params) {
        struct {
            std::string_view key, value;
        } param{key, text};
        if (param.key != "offset" && param.key != "count") continue;
        std::size_t value = 0;
        auto [end, ec] =
            std::from_chars(param.value.data(), param.value.data() + param.value.size(), value);
        if (ec != std::errc() || end != param.value.data() + param.value.size() ||
            param.value.empty() || (param.key == "count" && (value == 0 || value > 1000))) {
            return fail(ErrorCode::InvalidRequest,
                        param.key == "count" ? "count must be an integer from 1 to 1000"
                                             : "offset must be a non-negative integer",
                        {std::string(param.key)});
        }
        (param.key == "offset" ? page.offset : page.count) = value;
    }
    return page;
}

HttpResponse listJson(boost::json::array page, bool completed,
                      std::optional<std::size_t> totalCount) {
    boost::json::object out;
    out["listCompleted"] = completed;
    out["items"] = std::move(page);
    if (totalCount) out["totalCount"] = *totalCount;
    return jsonResponse(out);
}

}  // namespace tessera::http
