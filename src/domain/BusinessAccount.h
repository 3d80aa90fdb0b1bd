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
};

bool isValidBusinessAccountName(std::string_view name);

}  // namespace tessera::domain
