#include "domain/BusinessAccount.h"

namespace tessera::domain {

bool isValidBusinessAccountName(std::string_view name) {
    if (name.empty() || name.size() > 63) return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
}

}  // namespace tessera::domain
