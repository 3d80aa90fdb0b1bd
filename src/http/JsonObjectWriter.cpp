#include "http/JsonObjectWriter.h"

#include <algorithm>
#include <charconv>

namespace tessera::http {

JsonObjectWriter::JsonObjectWriter(std::string& out) : out_(out) {
    out_.push_back('{');
}

void JsonObjectWriter::quoted(std::string_view value) {
    // Printable ASCII other than the quote and the backslash stands in JSON as it is (RFC 8259
    // section 7), as the serializer would write it; anything else is left to the serializer.
    bool plain = std::all_of(value.begin(), value.end(),
                             [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (plain) {
        out_.push_back('"');
        out_.append(value);
        out_.push_back('"');
        return;
    }
    serializer_.reset(boost::json::string_view(value.data(), value.size()));
    char buffer[256];
    while (!serializer_.done()) {
        auto piece = serializer_.read(buffer);
        out_.append(piece.data(), piece.size());
    }
}

void JsonObjectWriter::key(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    quoted(name);
    out_.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::text(std::string_view name, std::string_view value) {
    key(name);
    quoted(value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::boolean(std::string_view name, bool value) {
    key(name);
    out_.append(value ? "true" : "false");
    return *this;
}

JsonObjectWriter& JsonObjectWriter::integer(std::string_view name, std::int64_t value) {
    key(name);
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, size_t(end - digits));
    return *this;
}

JsonObjectWriter& JsonObjectWriter::texts(std::string_view name,
                                          const std::vector<std::string>& values) {
    key(name);
    out_.push_back('[');
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out_.push_back(',');
        quoted(values[i]);
    }
    out_.push_back(']');
    return *this;
}

void JsonObjectWriter::close() {
    out_.push_back('}');
}

}  // namespace tessera::http
