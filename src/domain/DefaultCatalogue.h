#pragma once

#include <string_view>
#include <vector>

namespace tessera::domain {

// The permission names shipped with the project (data/permissions.txt), compiled in.
const std::vector<std::string_view>& defaultCatalogueNames();

}  // namespace tessera::domain
