#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/Timestamp.h"

namespace tessera::store {

// The JSON documents kept in text columns (policies, credential state, SSO links, provider
// configuration, event data) are read leniently: what is not JSON reads as null, and a member
// that is missing or of another type leaves its field as it was (the default).
boost::json::value parseJson(std::string_view text);

void readMember(const boost::json::object& object, std::string_view name, std::string& field);
void readMember(const boost::json::object& object, std::string_view name, int& field);
void readMember(const boost::json::object& object, std::string_view name, bool& field);
void readMember(const boost::json::object& object, std::string_view name,
                std::optional<int>& field);
// A time as seconds since the epoch.
void readMember(const boost::json::object& object, std::string_view name,
                std::optional<domain::Timestamp>& field);
// The array's strings (other items are passed over).
void readMember(const boost::json::object& object, std::string_view name,
                std::vector<std::string>& field);

// The struct a JSON object column holds: `read(object, into)` takes the members it knows; what
// is not an object reads as the struct's defaults.
template <class Struct, class Read>
Struct decodeObject(std::string_view text, Read read) {
    Struct out;
    auto value = parseJson(text);
    if (value.is_object()) read(value.as_object(), out);
    return out;
}

// A member of a struct and its name in a JSON object, for codecs that write and read the same
// fields.
template <class Struct, class Field>
struct JsonField {
    const char* name;
    Field Struct::*field;
};

template <class Struct, class Field, std::size_t N>
void writeMembers(boost::json::object& out, const Struct& from,
                  const JsonField<Struct, Field> (&fields)[N]) {
    for (const auto& [name, field] : fields) out[name] = from.*field;
}

template <class Struct, class Field, std::size_t N>
void readMembers(const boost::json::object& object, Struct& into,
                 const JsonField<Struct, Field> (&fields)[N]) {
    for (const auto& [name, field] : fields) readMember(object, name, into.*field);
}

}  // namespace tessera::store
