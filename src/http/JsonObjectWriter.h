#pragma once

#include <boost/json/serializer.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::http {

// Writes one JSON object straight into a string, member by member, for an answer on a hot path
// (introspection) that would otherwise build a boost::json::object only to serialise it. Keys and
// strings are escaped by Boost.JSON's serializer; the caller writes each key once.
class JsonObjectWriter {
  public:
    explicit JsonObjectWriter(std::string& out);
    JsonObjectWriter& text(std::string_view key, std::string_view value);
    JsonObjectWriter& boolean(std::string_view key, bool value);
    JsonObjectWriter& integer(std::string_view key, std::int64_t value);
    JsonObjectWriter& texts(std::string_view key, const std::vector<std::string>& values);
    // Ends the object; nothing may be written after.
    void close();

  private:
    void key(std::string_view name);
    void quoted(std::string_view value);

    std::string& out_;
    bool first_ = true;
    boost::json::serializer serializer_;
};

}  // namespace tessera::http
