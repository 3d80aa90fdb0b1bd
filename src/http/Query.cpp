#include "http/Query.h"

#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>

namespace tessera::http {

std::optional<QueryFields> parseQueryString(std::string_view text) {
    QueryFields fields;
    if (text.empty()) return fields;
    // Boost.URL 1.81's params_view reads a view past its end, up to a terminating NUL: give it
    // an owned, terminated copy.
    std::string owned(text);
    auto params = boost::urls::parse_query(owned);
    if (!params) return std::nullopt;
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    // The parse's own encoded view, decoded straight into the fields: parsing again through a
    // params_view would decode each into a temporary first.
    // Text without an escape or a '+' decodes to itself.
    auto decoded = [&options](boost::urls::pct_string_view text) {
        std::string_view raw(text.data(), text.size());
        return raw.find_first_of("%+") == std::string_view::npos ? std::string(raw)
                                                                 : text.decode(options);
    };
    fields.reserve(params->size());
    for (auto param : *params) {
        fields.emplace_back(decoded(param.key),
                            param.has_value ? decoded(param.value) : std::string());
    }
    return fields;
}

std::optional<std::string> queryValue(const QueryFields& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) return value;
    }
    return std::nullopt;
}

Result<QueryFields> parseFormBody(const HttpRequest& request) {
    std::string_view type = request.contentType;
    if (auto semicolon = type.find(';'); semicolon != std::string_view::npos)
        type = type.substr(0, semicolon);
    if (type != "application/x-www-form-urlencoded") {
        return fail(ErrorCode::UnsupportedMediaType,
                    "the body must be application/x-www-form-urlencoded");
    }
    auto fields = parseQueryString(request.body);
    if (!fields) return fail(ErrorCode::InvalidRequest, "the form body is malformed");
    for (size_t i = 0; i < fields->size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if ((*fields)[i].first == (*fields)[j].first) {
                return fail(ErrorCode::InvalidRequest,
                            "the field " + (*fields)[i].first + " is repeated",
                            {(*fields)[i].first});
            }
        }
    }
    return std::move(*fields);
}

bool queryFlag(const HttpRequest& request, std::string_view name) {
    auto fields = parseQueryString(request.query);
    return fields && queryValue(*fields, name) == "true";
}

}  // namespace tessera::http
