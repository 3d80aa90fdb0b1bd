#pragma once

#include <boost/json/object.hpp>

namespace tessera::http {

// The request and response shapes of reference/socotra-auth-api.md (plus marked extensions) as
// OpenAPI 3.1 component schemas, by name.
const boost::json::object& apiSchemas();

}  // namespace tessera::http
