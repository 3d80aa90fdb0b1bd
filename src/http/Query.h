#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/Error.h"
#include "http/HttpMessage.h"

namespace tessera::http {

using QueryFields = std::vector<std::pair<std::string, std::string>>;

// Decodes a query string or a form body (`+` is a space); nullopt when it is malformed.
std::optional<QueryFields> parseQueryString(std::string_view text);
// The first value of `name`, if present.
std::optional<std::string> queryValue(const QueryFields& fields, std::string_view name);

// True when the query string has `name=true`.
bool queryFlag(const HttpRequest& request, std::string_view name);

// An application/x-www-form-urlencoded body; a repeated field is an error (RFC 6749 3.2).
Result<QueryFields> parseFormBody(const HttpRequest& request);

}  // namespace tessera::http
