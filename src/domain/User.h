#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/CredentialState.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// USR-1. Roles are held by locator so that renaming a role keeps its holders.
struct User {
    std::string locator;  // UUID
    std::string businessAccount;
    std::string userName;
    std::string firstName;
    std::string lastName;
    std::string email;
    bool serviceAccount = false;
    bool enabled = true;
    std::vector<std::string> roleLocators;
    std::vector<std::string> tenants;  // scope entries (SCOPE-1), as assigned
    std::string passwordHash;          // argon2id string; empty when no password is set
    std::optional<int> patLimit;       // overrides the business account's default (PAT-6)
    Timestamp createdAt{};
    CredentialState credentials;  // JWT-3
};

// Email-shaped: something@something.something, printable, no spaces.
bool isValidUserName(std::string_view userName);
std::string lowerCase(std::string_view text);

}  // namespace tessera::domain
