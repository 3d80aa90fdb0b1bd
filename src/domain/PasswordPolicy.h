#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tessera::domain {

// JWT-3 with Socotra's defaults. Per-business-account policies build on this later.
struct PasswordPolicy {
    int minLength = 16;
    int maxLength = 64;
    int uppercase = 1;
    int lowercase = 1;
    int digits = 1;
    int specialChars = 1;
};

// Every rule the password breaks, each as a sentence; empty when it is acceptable.
std::vector<std::string> passwordViolations(const PasswordPolicy& policy, std::string_view password,
                                            std::string_view userName, std::string_view email);

}  // namespace tessera::domain
