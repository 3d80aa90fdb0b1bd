#include "domain/Role.h"

namespace tessera::domain {

bool isValidRoleName(std::string_view name) {
    if (name.empty() || name.size() > 100) return false;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
}

}  // namespace tessera::domain
