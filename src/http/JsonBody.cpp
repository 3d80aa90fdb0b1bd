#include "http/JsonBody.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>

namespace tessera::http {
namespace {

// Finds the first repeated key in any object; Boost.JSON itself keeps only one of them.
struct DuplicateKeyFinder {
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);

    std::vector<std::set<std::string>> objects;
    std::string partialKey;
    std::optional<std::string> duplicate;

    using ec_t = boost::system::error_code;
    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_array_begin(ec_t&) { return true; }
    bool on_array_end(std::size_t, ec_t&) { return true; }
    bool on_object_begin(ec_t&) {
        objects.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t, ec_t&) {
        objects.pop_back();
        return true;
    }
    bool on_string_part(boost::json::string_view, std::size_t, ec_t&) { return true; }
    bool on_string(boost::json::string_view, std::size_t, ec_t&) { return true; }
    bool on_key_part(boost::json::string_view s, std::size_t, ec_t&) {
        partialKey.append(s.data(), s.size());
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, ec_t&) {
        partialKey.append(s.data(), s.size());
        if (!objects.back().insert(partialKey).second && !duplicate) duplicate = partialKey;
        partialKey.clear();
        return true;
    }
    bool on_number_part(boost::json::string_view, ec_t&) { return true; }
    bool on_int64(std::int64_t, boost::json::string_view, ec_t&) { return true; }
    bool on_uint64(std::uint64_t, boost::json::string_view, ec_t&) { return true; }
    bool on_double(double, boost::json::string_view, ec_t&) { return true; }
    bool on_bool(bool, ec_t&) { return true; }
    bool on_null(ec_t&) { return true; }
    bool on_comment_part(boost::json::string_view, ec_t&) { return true; }
    bool on_comment(boost::json::string_view, ec_t&) { return true; }
};

boost::json::parse_options limits() {
    boost::json::parse_options options;
    options.max_depth = 16;
    return options;
}

std::unexpected<Error> wrongType(std::string_view field, std::string_view expected) {
    return fail(ErrorCode::InvalidRequest, std::string(field) + " must be " + std::string(expected),
                {std::string(field)});
}

std::string_view expectedText(JsonType type) {
    switch (type) {
        case JsonType::String:
            return "a string";
        case JsonType::Strings:
            return "an array of strings";
        case JsonType::Bool:
            return "true or false";
        case JsonType::Integer:
            return "an integer";
        case JsonType::Timestamp:
            return "an RFC 3339 date-time string or null";
    }
    return "of another type";
}

// A value that is present and not null, as `type`.
Result<JsonFieldValue> convert(const boost::json::value& value, std::string_view field,
                               JsonType type) {
    switch (type) {
        case JsonType::String:
            if (value.is_string()) return std::string(value.as_string());
            break;
        case JsonType::Strings:
            if (value.is_array()) {
                std::vector<std::string> out;
                for (const auto& item : value.as_array()) {
                    if (!item.is_string()) return wrongType(field, expectedText(type));
                    out.emplace_back(item.as_string());
                }
                return out;
            }
            break;
        case JsonType::Bool:
            if (value.is_bool()) return value.as_bool();
            break;
        case JsonType::Integer:
            if (value.is_int64()) return value.as_int64();
            if (value.is_uint64() && value.as_uint64() <= std::uint64_t(INT64_MAX))
                return std::int64_t(value.as_uint64());
            break;
        case JsonType::Timestamp:
            if (value.is_string()) {
                auto parsed = domain::parseTimestamp(
                    std::string_view(value.as_string().data(), value.as_string().size()));
                if (!parsed)
                    return wrongType(field, "an RFC 3339 date-time such as 2030-01-31T00:00:00Z");
                return *parsed;
            }
            break;
    }
    return wrongType(field, expectedText(type));
}

// The body as an object whose keys are all among `declared` (by `name`).
template <class Declared, class Name>
Result<boost::json::object> openObject(const HttpRequest& request, const Declared& declared,
                                       Name name) {
    auto value = parseJsonStrict(request);
    TESSERA_TRY(value);
    if (!value->is_object())
        return fail(ErrorCode::InvalidRequest, "the request body must be a JSON object");
    std::vector<std::string> unknown;
    for (const auto& member : value->as_object()) {
        std::string_view key(member.key().data(), member.key().size());
        if (std::ranges::find(declared, key, name) == std::ranges::end(declared))
            unknown.emplace_back(key);
    }
    if (!unknown.empty())
        return fail(ErrorCode::InvalidRequest, "unknown field(s) in the request body", unknown);
    return std::move(value->as_object());
}

}  // namespace

Result<boost::json::value> parseJsonStrict(const HttpRequest& request) {
    std::string_view type = request.contentType;
    if (auto semicolon = type.find(';'); semicolon != std::string_view::npos)
        type = type.substr(0, semicolon);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    if (type != "application/json") {
        return fail(ErrorCode::UnsupportedMediaType, "the request body must be application/json");
    }
    boost::system::error_code ec;
    boost::json::basic_parser<DuplicateKeyFinder> finder(limits());
    finder.write_some(false, request.body.data(), request.body.size(), ec);
    if (ec)
        return fail(ErrorCode::InvalidJson, "the request body is not valid JSON: " + ec.message());
    if (finder.handler().duplicate) {
        return fail(ErrorCode::InvalidJson,
                    "the request body repeats the key '" + *finder.handler().duplicate + "'",
                    {*finder.handler().duplicate});
    }
    auto value = boost::json::parse(request.body, ec, {}, limits());
    if (ec)
        return fail(ErrorCode::InvalidJson, "the request body is not valid JSON: " + ec.message());
    return value;
}

Result<JsonObjectReader> JsonObjectReader::open(const HttpRequest& request,
                                                std::initializer_list<std::string_view> allowed) {
    auto object = openObject(request, allowed, std::identity());
    TESSERA_TRY(object);
    return JsonObjectReader(std::move(*object));
}

Result<JsonFieldValue> readJsonField(const boost::json::object& object, const JsonField& field) {
    const auto* found = object.if_contains(field.name);
    if (!field.refusal.empty()) {
        if (found)
            return fail(ErrorCode::InvalidRequest, std::string(field.refusal),
                        {std::string(field.name)});
        return JsonFieldValue();
    }
    if (!found && field.required) {
        return fail(ErrorCode::InvalidRequest, std::string(field.name) + " is required",
                    {std::string(field.name)});
    }
    if (!found || found->is_null()) {
        if (field.required) return wrongType(field.name, expectedText(field.type));
        return JsonFieldValue();
    }
    return convert(*found, field.name, field.type);
}

const JsonFieldValue& JsonFields::at(std::string_view name) const {
    for (const auto& [declared, value] : values_)
        if (declared == name) return value;
    throw std::logic_error("the JSON field " + std::string(name) + " was not declared");
}

Result<JsonFields> readJsonObject(const HttpRequest& request,
                                  std::initializer_list<JsonField> fields) {
    auto object = openObject(request, fields, &JsonField::name);
    TESSERA_TRY(object);
    JsonFields read;
    for (const auto& field : fields) {
        auto value = readJsonField(*object, field);
        TESSERA_TRY(value);
        read.values_.emplace_back(std::string(field.name), std::move(*value));
    }
    return read;
}

Result<std::string> parseJsonString(const HttpRequest& request) {
    auto value = parseJsonStrict(request);
    TESSERA_TRY(value);
    if (!value->is_string())
        return fail(ErrorCode::InvalidRequest, "the request body must be a JSON string");
    return std::string(value->as_string());
}

}  // namespace tessera::http
