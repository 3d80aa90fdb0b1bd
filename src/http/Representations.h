#pragma once

#include <boost/json/object.hpp>

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
HttpResponse emptyResponse(int status = 200);
// `{listCompleted, items}` with the offset/count query parameters applied.
Result<HttpResponse> listResponse(const HttpRequest& request, boost::json::array items);

}  // namespace tessera::http
