#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "domain/Error.h"
#include "domain/Timestamp.h"
#include "http/HttpMessage.h"

namespace tessera::http {

// Strict JSON request bodies (docs/api.md, errors): the media type must be JSON, the text must
// parse, keys must not repeat, and unknown fields or wrong types are errors naming the field.
Result<boost::json::value> parseJsonStrict(const HttpRequest& request);

class JsonObjectReader {
  public:
    // Fails unless the body is an object whose keys are all in `allowed`.
    static Result<JsonObjectReader> open(const HttpRequest& request,
                                         std::initializer_list<std::string_view> allowed);

    bool has(std::string_view field) const { return object_.contains(field); }
    Result<std::string> requiredString(std::string_view field) const;
    Result<std::optional<std::string>> optionalString(std::string_view field) const;
    Result<std::vector<std::string>> requiredStrings(std::string_view field) const;
    Result<std::optional<std::vector<std::string>>> optionalStrings(std::string_view field) const;
    Result<std::optional<bool>> optionalBool(std::string_view field) const;
    Result<std::int64_t> requiredInteger(std::string_view field) const;
    // Absent or null: no timestamp. Anything else must be an RFC 3339 string.
    Result<std::optional<domain::Timestamp>> optionalTimestamp(std::string_view field) const;

  private:
    explicit JsonObjectReader(boost::json::object object) : object_(std::move(object)) {}
    boost::json::object object_;
};

// The first error among several field reads.
template <class... Results>
const Error* firstError(const Results&... results) {
    const Error* found = nullptr;
    ((found = found ? found : (results ? nullptr : &results.error())), ...);
    return found;
}

// A body that is one JSON string (e.g. a token value or a new password).
Result<std::string> parseJsonString(const HttpRequest& request);

}  // namespace tessera::http
