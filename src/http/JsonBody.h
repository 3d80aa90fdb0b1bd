#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/Error.h"
#include "domain/Timestamp.h"
#include "http/HttpMessage.h"

namespace tessera::http {

// Strict JSON request bodies (docs/api.md, errors): the media type must be JSON, the text must
// parse, keys must not repeat, and unknown fields or wrong types are errors naming the field.
Result<boost::json::value> parseJsonStrict(const HttpRequest& request);

// The JSON type a field of an object body must have where it is present and not null.
enum class JsonType { String, Strings, Bool, Integer, Timestamp };

// A field an object body may carry. A required one must be present and not null; a refused one
// is known but never accepted: its presence fails with `refusal`, naming the field.
struct JsonField {
    std::string_view name;
    JsonType type = JsonType::String;
    bool required = false;
    std::string_view refusal = {};
};

constexpr JsonField requiredField(std::string_view name, JsonType type = JsonType::String) {
    return {name, type, true};
}
constexpr JsonField optionalField(std::string_view name, JsonType type = JsonType::String) {
    return {name, type, false};
}
constexpr JsonField refusedField(std::string_view name, std::string_view refusal) {
    return {name, JsonType::String, false, refusal};
}

// A field's value as read: empty where the field is absent or null.
using JsonFieldValue = std::variant<std::monostate, std::string, std::vector<std::string>, bool,
                                    std::int64_t, domain::Timestamp>;

// Reads one declared field of `object`: the error names the field (missing, refused, wrong type).
Result<JsonFieldValue> readJsonField(const boost::json::object& object, const JsonField& field);

namespace detail {
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// T, or std::optional<T> that is empty where the value is.
template <class T>
T fieldAs(const JsonFieldValue& value) {
    if constexpr (IsOptional<T>::value) {
        if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
        return std::get<typename T::value_type>(value);
    } else {
        return std::get<T>(value);
    }
}
}  // namespace detail

class JsonObjectReader {
  public:
    // Fails unless the body is an object whose keys are all in `allowed`.
    static Result<JsonObjectReader> open(const HttpRequest& request,
                                         std::initializer_list<std::string_view> allowed);

    bool has(std::string_view field) const { return object_.contains(field); }
    Result<std::string> requiredString(std::string_view field) const {
        return read<std::string>(requiredField(field));
    }
    Result<std::optional<std::string>> optionalString(std::string_view field) const {
        return read<std::optional<std::string>>(optionalField(field));
    }
    Result<std::vector<std::string>> requiredStrings(std::string_view field) const {
        return read<std::vector<std::string>>(requiredField(field, JsonType::Strings));
    }
    Result<std::optional<std::vector<std::string>>> optionalStrings(std::string_view field) const {
        return read<std::optional<std::vector<std::string>>>(
            optionalField(field, JsonType::Strings));
    }
    Result<std::optional<bool>> optionalBool(std::string_view field) const {
        return read<std::optional<bool>>(optionalField(field, JsonType::Bool));
    }
    Result<std::int64_t> requiredInteger(std::string_view field) const {
        return read<std::int64_t>(requiredField(field, JsonType::Integer));
    }
    // Absent or null: no timestamp. Anything else must be an RFC 3339 string.
    Result<std::optional<domain::Timestamp>> optionalTimestamp(std::string_view field) const {
        return read<std::optional<domain::Timestamp>>(optionalField(field, JsonType::Timestamp));
    }

  private:
    explicit JsonObjectReader(boost::json::object object) : object_(std::move(object)) {}
    template <class T>
    Result<T> read(const JsonField& field) const {
        auto value = readJsonField(object_, field);
        TESSERA_TRY(value);
        return detail::fieldAs<T>(*value);
    }
    boost::json::object object_;
};

// The declared fields of a body readJsonObject accepted, by name. Reading a field that was not
// declared, or as another type than declared, is a programming error (it throws).
class JsonFields {
  public:
    std::string string(std::string_view name) const { return get<std::string>(name); }
    std::optional<std::string> optionalString(std::string_view name) const {
        return get<std::optional<std::string>>(name);
    }
    std::vector<std::string> strings(std::string_view name) const {
        return get<std::vector<std::string>>(name);
    }
    std::optional<std::vector<std::string>> optionalStrings(std::string_view name) const {
        return get<std::optional<std::vector<std::string>>>(name);
    }
    std::optional<bool> optionalBool(std::string_view name) const {
        return get<std::optional<bool>>(name);
    }
    std::int64_t integer(std::string_view name) const { return get<std::int64_t>(name); }
    std::optional<std::int64_t> optionalInteger(std::string_view name) const {
        return get<std::optional<std::int64_t>>(name);
    }
    std::optional<domain::Timestamp> optionalTimestamp(std::string_view name) const {
        return get<std::optional<domain::Timestamp>>(name);
    }

  private:
    friend Result<JsonFields> readJsonObject(const HttpRequest& request,
                                             std::initializer_list<JsonField> fields);
    template <class T>
    T get(std::string_view name) const {
        return detail::fieldAs<T>(at(name));
    }
    const JsonFieldValue& at(std::string_view name) const;
    std::vector<std::pair<std::string, JsonFieldValue>> values_;
};

// A JSON object body (parseJsonStrict) that carries only declared fields: unknown ones are refused
// together, each named; then the declared fields are read in the order given, and the first one
// missing, refused or of the wrong type fails the read.
Result<JsonFields> readJsonObject(const HttpRequest& request,
                                  std::initializer_list<JsonField> fields);

// A body that is one JSON string (e.g. a token value or a new password).
Result<std::string> parseJsonString(const HttpRequest& request);

}  // namespace tessera::http
