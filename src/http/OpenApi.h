#pragma once

#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "http/Route.h"

namespace tessera::http {

// The OpenAPI 3.1 document, generated from the route table: one operation per route, with its
// permission as x-securityGroup / x-securityPermission (as the reference documents them).
boost::json::object buildOpenApiDocument(const std::vector<Route>& routes,
                                         std::string_view serverUrl);

}  // namespace tessera::http
