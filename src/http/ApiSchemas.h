#pragma once

#include <boost/json/object.hpp>

namespace tessera::http {

// The request and response shapes of reference/socotra-auth-api.md (plus marked extensions) as
// OpenAPI 3.1 component schemas, by name (api/schemas.json, compiled in).
const boost::json::object& apiSchemas();

}  // namespace tessera::http
