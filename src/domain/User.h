#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/CredentialState.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// JWT-5: an identity at an identity provider that logs in as this user. The issuer is kept so
// that a different provider registered later under the same id never matches.
struct SsoLink {
    std::string providerId;
    std::string issuer;
    std::string subject;
    friend bool operator==(const SsoLink&, const SsoLink&) = default;
};

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
    CredentialState credentials;    // JWT-3
    std::vector<SsoLink> ssoLinks;  // JWT-5
    // How many times the store wrote it; a write must name the revision it was prepared from, so
    // that no writer (instance, operator command) undoes another's change unseen.
    std::int64_t revision = 0;
};

// Email-shaped: something@something.something, printable, no spaces.
bool isValidUserName(std::string_view userName);
std::string lowerCase(std::string_view text);

// The users list's `search` (extension): `term` (already lower-case, ASCII-folded) is a substring
// of the user name, first name, last name or email, compared case-insensitively. An empty term
// matches everyone.
bool matchesSearch(const User& user, std::string_view term);

}  // namespace tessera::domain
