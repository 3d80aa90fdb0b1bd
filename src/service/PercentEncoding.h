#pragma once

#include <string>
#include <string_view>

namespace tessera::service {

// RFC 3986 percent-encoding: everything but the unreserved characters (for query values and
// fragments Tessera builds).
std::string percentEncode(std::string_view text);

}  // namespace tessera::service
