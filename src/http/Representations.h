#pragma once

#include <boost/json/object.hpp>

#include <optional>

#include "http/Problem.h"
#include "http/RequestContext.h"

namespace tessera::http {

// The documented response shapes (reference/socotra-auth-api.md), plus marked extensions.
boost::json::object userJson(const Api& api, const service::UserEntry& user);
boost::json::object basicUserJson(const service::UserEntry& user);
boost::json::object roleJson(const Api& api, const domain::Role& role);
boost::json::object tenantJson(const domain::Tenant& tenant);
boost::json::object tokenJson(const Api& api, const service::TokenEntry& token);
boost::json::array stringArray(const std::vector<std::string>& items,
                               boost::json::storage_ptr storage = {});

HttpResponse jsonResponse(const boost::json::value& body, int status = 200);
// The same for an object or an array, serialised as it is: converting one to a value would copy
// it whole first (on the default allocator, whatever storage it was built in).
HttpResponse jsonResponse(const boost::json::object& body, int status = 200);
HttpResponse jsonResponse(const boost::json::array& body, int status = 200);
HttpResponse emptyResponse(int status = 200);
// The page a list request asks for with `offset` and `count` (1 to 1000, default 100).
struct ListPage {
    std::size_t offset = 0;
    std::size_t count = 100;
};
Result<ListPage> listPage(const HttpRequest& request);
// `totalCount` (an extension of the user lists) when given.
HttpResponse listJson(boost::json::array page, bool completed,
                      std::optional<std::size_t> totalCount = std::nullopt);

// `{listCompleted, items}`: the requested page of `items`, only that page serialised (an account
// with 100k users answers a page without building the other 99,900); with `totalCount` when
// `total` says so.
enum class ListTotal { Omitted, Included };
template <class Items, class ToJson>
HttpResponse listResponse(const HttpRequest& request, const Items& items, ToJson toJson,
                          ListTotal total = ListTotal::Omitted) {
    auto page = listPage(request);
    if (!page) return problem(page.error());
    boost::json::array out;
    for (std::size_t i = page->offset; i < items.size() && out.size() < page->count; ++i)
        out.push_back(toJson(items[i]));
    bool completed = page->offset + out.size() >= items.size();
    return listJson(std::move(out), completed,
                    total == ListTotal::Included ? std::optional(items.size()) : std::nullopt);
}

}  // namespace tessera::http
