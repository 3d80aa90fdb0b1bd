#include "store/JsonFields.h"

#include <boost/json/parse.hpp>

#include "store/Columns.h"

namespace tessera::store {

boost::json::value parseJson(std::string_view text) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec) return nullptr;
    return value;
}

void readMember(const boost::json::object& object, std::string_view name, std::string& field) {
    if (auto found = object.if_contains(name); found && found->is_string())
        field = found->as_string();
}

void readMember(const boost::json::object& object, std::string_view name, int& field) {
    if (auto found = object.if_contains(name); found && found->is_int64())
        field = int(found->as_int64());
}

void readMember(const boost::json::object& object, std::string_view name, bool& field) {
    if (auto found = object.if_contains(name); found && found->is_bool()) field = found->as_bool();
}

void readMember(const boost::json::object& object, std::string_view name,
                std::optional<int>& field) {
    if (auto found = object.if_contains(name); found && found->is_int64())
        field = int(found->as_int64());
}

void readMember(const boost::json::object& object, std::string_view name,
                std::optional<domain::Timestamp>& field) {
    if (auto found = object.if_contains(name); found && found->is_int64())
        field = timestamp(found->as_int64());
}

void readMember(const boost::json::object& object, std::string_view name,
                std::vector<std::string>& field) {
    if (auto found = object.if_contains(name); found && found->is_array()) {
        for (const auto& item : found->as_array())
            if (item.is_string()) field.emplace_back(item.as_string());
    }
}

}  // namespace tessera::store
