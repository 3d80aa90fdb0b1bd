#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/Timestamp.h"
#include "store/Sql.h"

namespace tessera::store {

// How domain values are kept in columns: times as seconds since the epoch, string lists as JSON
// arrays.
std::int64_t seconds(domain::Timestamp at);
domain::Timestamp timestamp(std::int64_t value);
std::optional<std::int64_t> optionalSeconds(const std::optional<domain::Timestamp>& at);
std::string encodeList(const std::vector<std::string>& items);
std::vector<std::string> decodeList(const std::string& text);

// A field whose column holds text that `decode` turns into the field's value (an enumeration by
// its name, a JSON document); see readColumns.
template <class Field, class Decode>
struct Decoded {
    Field& field;
    Decode decode;
};
template <class Field, class Decode>
Decoded<Field, Decode> decoded(Field& field, Decode decode) {
    return {field, std::move(decode)};
}

// A decoder for an enumeration kept by its name: `parse`, or `fallback` for a name it does not
// know.
template <class Parse, class Value>
auto parsedOr(Parse parse, Value fallback) {
    return [parse, fallback](const std::string& text) { return parse(text).value_or(fallback); };
}

// A column that is read by a query but not into this row.
struct Skip {};
inline constexpr Skip skip;

// One column into one field, by the field's type. An optional field is left as it is when the
// column is NULL; a byte array takes the blob's first bytes (zeros where it is shorter).
inline void readColumn(const SqlRow& row, int column, std::string& field) {
    field = row.text(column);
}
inline void readColumn(const SqlRow& row, int column, std::int64_t& field) {
    field = row.integer(column);
}
inline void readColumn(const SqlRow& row, int column, int& field) {
    field = int(row.integer(column));
}
inline void readColumn(const SqlRow& row, int column, bool& field) {
    field = row.integer(column) != 0;
}
inline void readColumn(const SqlRow& row, int column, domain::Timestamp& field) {
    field = timestamp(row.integer(column));
}
inline void readColumn(const SqlRow& row, int column, std::optional<domain::Timestamp>& field) {
    if (!row.isNull(column)) field = timestamp(row.integer(column));
}
inline void readColumn(const SqlRow& row, int column, std::optional<int>& field) {
    if (!row.isNull(column)) field = int(row.integer(column));
}
inline void readColumn(const SqlRow& row, int column, std::vector<std::string>& field) {
    field = decodeList(row.text(column));
}
template <std::size_t N>
void readColumn(const SqlRow& row, int column, std::array<std::uint8_t, N>& field) {
    auto blob = row.blob(column);
    field = {};
    std::copy_n(blob.begin(), std::min(blob.size(), N), field.begin());
}
inline void readColumn(const SqlRow&, int, Skip) {}
template <class Field, class Decode>
void readColumn(const SqlRow& row, int column, const Decoded<Field, Decode>& decoded) {
    decoded.field = decoded.decode(row.text(column));
}

// Reads the row's columns 0, 1, … into `fields` in their order (readColumn).
template <class... Fields>
void readColumns(const SqlRow& row, Fields&&... fields) {
    int column = 0;
    (readColumn(row, column++, fields), ...);
}

}  // namespace tessera::store
