#include "domain/User.h"

#include <algorithm>
#include <cctype>

namespace tessera::domain {

bool isValidUserName(std::string_view userName) {
    if (userName.empty() || userName.size() > 254) return false;
    for (unsigned char c : userName) {
        if (c <= 0x20 || c >= 0x7f) return false;
    }
    auto at = userName.find('@');
    if (at == std::string_view::npos || at == 0 ||
        userName.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    auto domain = userName.substr(at + 1);
    auto dot = domain.find('.');
    return !domain.empty() && dot != std::string_view::npos && dot != 0 && domain.back() != '.';
}

std::string lowerCase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool matchesSearch(const User& user, std::string_view term) {
    auto contains = [&](std::string_view text) {
        auto found = std::ranges::search(
            text, term, [](unsigned char a, unsigned char b) { return std::tolower(a) == b; });
        return found.begin() != text.end();
    };
    return term.empty() || contains(user.userName) || contains(user.firstName) ||
           contains(user.lastName) || contains(user.email);
}

}  // namespace tessera::domain
