#pragma once

#include <string_view>

#include "domain/Error.h"

namespace tessera::domain {

// Names people read (tenants, roles, tokens, users, identity providers) and their descriptions
// must show what they are: valid UTF-8 without C0 or C1 controls, DEL, or the bidirectional
// formatting characters (embeddings, overrides, isolates, marks) that make text display as
// something else (a token name with U+202E reads backwards).
bool isDisplaySafe(std::string_view utf8);

// 400 naming `field` when `value` is not display-safe.
Result<void> checkDisplaySafe(std::string_view value, std::string_view field);

}  // namespace tessera::domain
