#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::http {

using QueryFields = std::vector<std::pair<std::string, std::string>>;

// Decodes a query string or a form body (`+` is a space); nullopt when it is malformed.
std::optional<QueryFields> parseQueryString(std::string_view text);
// The first value of `name`, if present.
std::optional<std::string> queryValue(const QueryFields& fields, std::string_view name);

}  // namespace tessera::http
