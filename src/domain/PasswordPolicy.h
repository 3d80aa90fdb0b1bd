#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/Error.h"

namespace tessera::domain {

// JWT-3 with Socotra's defaults, one per business account.
struct PasswordPolicy {
    int minLength = 16;
    int maxLength = 64;
    int uppercase = 1;
    int lowercase = 1;
    int digits = 1;
    int specialChars = 1;
    int passwordHistory = 4;              // the current and last N-1 passwords cannot be reused
    int forceExpiredPasswordChange = 90;  // days until a password must be changed; 0 = never

    friend bool operator==(const PasswordPolicy&, const PasswordPolicy&) = default;
};

// The fields a business account's admin may set, each in a sane range; names every bad field.
Result<void> validatePasswordPolicy(const PasswordPolicy& policy);

// Every rule the password breaks, each as a sentence; empty when it is acceptable.
std::vector<std::string> passwordViolations(const PasswordPolicy& policy, std::string_view password,
                                            std::string_view userName, std::string_view email);

}  // namespace tessera::domain
