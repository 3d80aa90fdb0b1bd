#include "http/JsonBody.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>

#include <set>

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
    auto value = parseJsonStrict(request);
    TESSERA_TRY(value);
    if (!value->is_object())
        return fail(ErrorCode::InvalidRequest, "the request body must be a JSON object");
    std::vector<std::string> unknown;
    for (const auto& member : value->as_object()) {
        std::string_view key(member.key().data(), member.key().size());
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            unknown.emplace_back(key);
    }
    if (!unknown.empty())
        return fail(ErrorCode::InvalidRequest, "unknown field(s) in the request body", unknown);
    return JsonObjectReader(std::move(value->as_object()));
}

Result<std::string> JsonObjectReader::requiredString(std::string_view field) const {
    auto found = object_.if_contains(field);
    if (!found)
        return fail(ErrorCode::InvalidRequest, std::string(field) + " is required",
                    {std::string(field)});
    if (!found->is_string()) return wrongType(field, "a string");
    return std::string(found->as_string());
}

Result<std::optional<std::string>> JsonObjectReader::optionalString(std::string_view field) const {
    auto found = object_.if_contains(field);
    if (!found || found->is_null()) return std::optional<std::string>();
    if (!found->is_string()) return wrongType(field, "a string");
    return std::optional<std::string>(std::string(found->as_string()));
}

Result<std::optional<std::vector<std::string>>> JsonObjectReader::optionalStrings(
    std::string_view field) const {
    auto found = object_.if_contains(field);
    if (!found || found->is_null()) return std::optional<std::vector<std::string>>();
    if (!found->is_array()) return wrongType(field, "an array of strings");
    std::vector<std::string> out;
    for (const auto& item : found->as_array()) {
        if (!item.is_string()) return wrongType(field, "an array of strings");
        out.emplace_back(item.as_string());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::vector<std::string>> JsonObjectReader::requiredStrings(std::string_view field) const {
    if (!object_.contains(field)) {
        return fail(ErrorCode::InvalidRequest, std::string(field) + " is required",
                    {std::string(field)});
    }
    auto values = optionalStrings(field);
    TESSERA_TRY(values);
    if (!*values) return wrongType(field, "an array of strings");
    return std::move(**values);
}

Result<std::optional<bool>> JsonObjectReader::optionalBool(std::string_view field) const {
    auto found = object_.if_contains(field);
    if (!found || found->is_null()) return std::optional<bool>();
    if (!found->is_bool()) return wrongType(field, "true or false");
    return std::optional<bool>(found->as_bool());
}

Result<std::int64_t> JsonObjectReader::requiredInteger(std::string_view field) const {
    auto found = object_.if_contains(field);
    if (!found)
        return fail(ErrorCode::InvalidRequest, std::string(field) + " is required",
                    {std::string(field)});
    if (found->is_int64()) return found->as_int64();
    if (found->is_uint64() && found->as_uint64() <= std::uint64_t(INT64_MAX))
        return std::int64_t(found->as_uint64());
    return wrongType(field, "an integer");
}

Result<std::optional<domain::Timestamp>> JsonObjectReader::optionalTimestamp(
    std::string_view field) const {
    auto found = object_.if_contains(field);
    if (!found || found->is_null()) return std::optional<domain::Timestamp>();
    if (!found->is_string()) return wrongType(field, "an RFC 3339 date-time string or null");
    auto parsed = domain::parseTimestamp(
        std::string_view(found->as_string().data(), found->as_string().size()));
    if (!parsed) return wrongType(field, "an RFC 3339 date-time such as 2030-01-31T00:00:00Z");
    return std::optional<domain::Timestamp>(*parsed);
}

Result<std::string> parseJsonString(const HttpRequest& request) {
    auto value = parseJsonStrict(request);
    TESSERA_TRY(value);
    if (!value->is_string())
        return fail(ErrorCode::InvalidRequest, "the request body must be a JSON string");
    return std::string(value->as_string());
}

}  // namespace tessera::http
