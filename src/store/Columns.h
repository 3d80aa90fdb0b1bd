#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/Timestamp.h"

namespace tessera::store {

// How domain values are kept in columns: times as seconds since the epoch, string lists as JSON
// arrays.
std::int64_t seconds(domain::Timestamp at);
domain::Timestamp timestamp(std::int64_t value);
std::optional<std::int64_t> optionalSeconds(const std::optional<domain::Timestamp>& at);
std::string encodeList(const std::vector<std::string>& items);
std::vector<std::string> decodeList(const std::string& text);

}  // namespace tessera::store
