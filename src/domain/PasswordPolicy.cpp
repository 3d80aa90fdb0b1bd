#include "domain/PasswordPolicy.h"

#include "domain/User.h"

namespace tessera::domain {

std::vector<std::string> passwordViolations(const PasswordPolicy& policy, std::string_view password,
                                            std::string_view userName, std::string_view email) {
    std::vector<std::string> out;
    int upper = 0, lower = 0, digit = 0, special = 0;
    for (unsigned char c : password) {
        if (c >= 'A' && c <= 'Z')
            ++upper;
        else if (c >= 'a' && c <= 'z')
            ++lower;
        else if (c >= '0' && c <= '9')
            ++digit;
        else
            ++special;
    }
    auto need = [&](int have, int wanted, const char* what) {
        if (have < wanted) out.push_back("needs at least " + std::to_string(wanted) + " " + what);
    };
    if (int(password.size()) < policy.minLength) {
        out.push_back("must be at least " + std::to_string(policy.minLength) + " characters long");
    }
    if (int(password.size()) > policy.maxLength) {
        out.push_back("must be at most " + std::to_string(policy.maxLength) + " characters long");
    }
    need(upper, policy.uppercase, "upper-case letter(s)");
    need(lower, policy.lowercase, "lower-case letter(s)");
    need(digit, policy.digits, "digit(s)");
    need(special, policy.specialChars, "special character(s)");
    auto lowered = lowerCase(password);
    if ((!userName.empty() && lowered == lowerCase(userName)) ||
        (!email.empty() && lowered == lowerCase(email))) {
        out.push_back("must not equal the user name or email");
    }
    return out;
}

Result<void> validatePasswordPolicy(const PasswordPolicy& policy) {
    std::vector<std::string> bad;
    auto check = [&](bool ok, const char* field) {
        if (!ok) bad.push_back(field);
    };
    check(policy.minLength >= 8 && policy.minLength <= 128, "length");
    int classes = policy.uppercase + policy.lowercase + policy.digits + policy.specialChars;
    check(policy.maxLength >= policy.minLength && policy.maxLength <= 256 &&
              classes <= policy.maxLength,
          "maxLength");
    check(policy.uppercase >= 0 && policy.uppercase <= 64, "uppercase");
    check(policy.lowercase >= 0 && policy.lowercase <= 64, "lowercase");
    check(policy.digits >= 0 && policy.digits <= 64, "digits");
    check(policy.specialChars >= 0 && policy.specialChars <= 64, "specialChars");
    check(policy.passwordHistory >= 0 && policy.passwordHistory <= 24, "passwordHistory");
    check(policy.forceExpiredPasswordChange >= 0 && policy.forceExpiredPasswordChange <= 3650,
          "forceExpiredPasswordChange");
    if (!bad.empty()) {
        return fail(ErrorCode::InvalidRequest,
                    "out of range: length 8-128, maxLength length-256, character counts 0-64 and "
                    "together at most maxLength, passwordHistory 0-24, forceExpiredPasswordChange "
                    "0-3650 days",
                    bad);
    }
    return {};
}

}  // namespace tessera::domain
