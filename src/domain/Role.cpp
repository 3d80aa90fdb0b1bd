#include "domain/Role.h"

#include "domain/DisplayText.h"

namespace tessera::domain {

bool isValidRoleName(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    return isDisplaySafe(name);
}

}  // namespace tessera::domain
