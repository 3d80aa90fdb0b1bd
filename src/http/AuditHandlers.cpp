#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>

#include "crypto/Ids.h"
#include "domain/TenantScope.h"
#include "domain/User.h"
#include "http/Handlers.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"

namespace tessera::http {

namespace {

constexpr size_t kDefaultPageSize = 100;
constexpr size_t kMaxPageSize = 1000;

boost::json::object eventJson(const domain::AuditEvent& event) {
    boost::json::object data;
    for (const auto& [key, value] : event.data) data[key] = value;
    boost::json::object actor{{"locator", event.actorLocator}, {"method", event.actorMethod}};
    if (!event.actorTokenName.empty()) actor["tokenName"] = event.actorTokenName;
    return {{"locator", event.locator},     {"timestamp", domain::formatTimestamp(event.timestamp)},
            {"type", event.type},           {"actor", std::move(actor)},
            {"requestId", event.requestId}, {"clientAddress", event.clientAddress},
            {"data", std::move(data)}};
}

}  // namespace

// AUD-1: oldest first; `pagingToken` (the last locator of the previous page) continues a list.
Result<HttpResponse> handleListEvents(RequestContext& context) {
    auto fields = parseQueryString(context.request.query);
    if (!fields) return problem(ErrorCode::InvalidRequest, "the query string is malformed");
    store::EventQuery query;
    std::vector<std::string> bad;
    auto time = [&](std::string_view name, std::optional<domain::Timestamp>& out) {
        if (auto text = queryValue(*fields, name)) {
            out = domain::parseTimestamp(*text);
            if (!out) bad.emplace_back(name);
        }
    };
    time("startTimestamp", query.from);
    time("endTimestamp", query.to);
    query.type = queryValue(*fields, "type").value_or("");
    if (query.type.size() > 100) bad.emplace_back("type");
    query.limit = kDefaultPageSize;
    if (auto size = queryValue(*fields, "pageSize")) {
        size_t parsed = 0;
        auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), parsed);
        if (ec != std::errc() || end != size->data() + size->size() || parsed < 1 ||
            parsed > kMaxPageSize)
            bad.emplace_back("pageSize");
        else
            query.limit = parsed;
    }
    // Extension: one actor's events; user locators are UUIDs, compared in their lower-case form.
    if (auto actor = queryValue(*fields, "actor")) {
        if (domain::isUuid(*actor)) {
            query.actorLocator = domain::lowerCase(*actor);
        } else {
            bad.emplace_back("actor");
        }
    }
    if (auto token = queryValue(*fields, "pagingToken")) {
        if (crypto::isUlid(*token))
            query.afterLocator = *token;
        else
            bad.emplace_back("pagingToken");
    }
    if (!bad.empty()) {
        return problem(Error{ErrorCode::InvalidRequest,
                             "startTimestamp and endTimestamp must be RFC 3339 times, pageSize 1 "
                             "to 1000, pagingToken as returned by a previous page, actor a user "
                             "locator (UUID)",
                             bad});
    }
    // One more than asked tells whether the list goes on.
    auto pageSize = query.limit;
    query.limit = pageSize + 1;
    auto events = context.api.audit.list(context.caller(), query);
    TESSERA_TRY(events);
    bool more = events->size() > pageSize;
    if (more) events->resize(pageSize);
    boost::json::array items;
    for (const auto& event : *events) items.push_back(eventJson(event));
    boost::json::object body{{"listCompleted", !more}, {"items", std::move(items)}};
    body["pagingToken"] = more ? boost::json::value(events->back().locator) : nullptr;
    return jsonResponse(body);
}

}  // namespace tessera::http
