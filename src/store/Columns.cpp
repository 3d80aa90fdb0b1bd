#include "store/Columns.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "store/JsonFields.h"

namespace tessera::store {

std::int64_t seconds(domain::Timestamp at) {
    return at.time_since_epoch().count();
}

domain::Timestamp timestamp(std::int64_t value) {
    return domain::Timestamp{std::chrono::seconds{value}};
}

std::optional<std::int64_t> optionalSeconds(const std::optional<domain::Timestamp>& at) {
    if (!at) return std::nullopt;
    return seconds(*at);
}

std::string encodeList(const std::vector<std::string>& items) {
    boost::json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return boost::json::serialize(array);
}

std::vector<std::string> decodeList(const std::string& text) {
    std::vector<std::string> out;
    auto value = parseJson(text);
    if (!value.is_array()) return out;
    for (const auto& item : value.as_array()) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
    return out;
}

}  // namespace tessera::store
