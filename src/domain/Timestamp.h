#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::domain {

// Domain time is whole seconds in UTC; clocks are injected, never read here.
using Timestamp = std::chrono::sys_seconds;

// RFC 3339 in UTC, e.g. 2026-01-02T03:04:05Z.
std::string formatTimestamp(Timestamp at);
// Accepts RFC 3339 with `Z` or a numeric offset and optional fractional seconds (dropped).
std::optional<Timestamp> parseTimestamp(std::string_view text);

}  // namespace tessera::domain
