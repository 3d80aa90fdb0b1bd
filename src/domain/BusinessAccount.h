#pragma once

#include <string>
#include <string_view>

#include "domain/Timestamp.h"

namespace tessera::domain {

// BA-1
struct BusinessAccount {
    std::string name;
    int patLimit = 3;  // default PAT limit for its users (PAT-6)
    Timestamp createdAt{};
};

bool isValidBusinessAccountName(std::string_view name);

}  // namespace tessera::domain
