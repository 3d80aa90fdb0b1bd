#pragma once

#include <absl/strings/string_view.h>

#include <string_view>

namespace tessera::domain {

// Debian's Abseil has its own string_view type; heterogeneous look-ups in absl maps of
// std::string take that type, so std::string_view keys pass through here (no copy).
inline absl::string_view hashKey(std::string_view text) {
    return {text.data(), text.size()};
}

}  // namespace tessera::domain
