#pragma once

#include <string>
#include <string_view>

#include "domain/PasswordPolicy.h"
#include "domain/Timestamp.h"
#include "domain/TokenPolicy.h"

namespace tessera::domain {

// BA-1
struct BusinessAccount {
    std::string name;
    int patLimit = 3;  // default PAT limit for its users (PAT-6)
    Timestamp createdAt{};
    PasswordPolicy passwordPolicy{};  // JWT-3
    TokenPolicy tokenPolicy{};        // PAT-8 extension
    // How many times the store wrote it; a write must name the revision it was prepared from, so
    // that no writer (instance, operator command) undoes another's change unseen.
    std::int64_t revision = 0;
};

bool isValidBusinessAccountName(std::string_view name);

}  // namespace tessera::domain
