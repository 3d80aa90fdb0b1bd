#include "domain/IdentityProvider.h"

#include "domain/DisplayText.h"

namespace tessera::domain {

std::string_view identityProviderTypeName(IdentityProviderType type) {
    return type == IdentityProviderType::Saml ? "saml" : "oidc";
}

Result<void> validateIdentityProviderId(std::string_view id) {
    bool valid =
        !id.empty() && id.size() <= 63 &&
        id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
    if (!valid) return fail(ErrorCode::InvalidRequest, "id must match [a-z0-9-]{1,63}", {"id"});
    return {};
}

Result<void> validateDisplayName(std::string_view displayName) {
    if (displayName.empty() || displayName.size() > 100) {
        return fail(ErrorCode::InvalidRequest, "displayName must be 1 to 100 characters",
                    {"displayName"});
    }
    return checkDisplaySafe(displayName, "displayName");
}

Result<void> validateProviderNames(std::string_view id, std::string_view displayName) {
    if (auto valid = validateIdentityProviderId(id); !valid) return valid;
    return validateDisplayName(displayName);
}

bool isAcceptableProviderUrl(std::string_view url) {
    if (url.starts_with("https://")) return url.size() > 8;
    for (std::string_view loopback : {"http://127.0.0.1:", "http://127.0.0.1/", "http://[::1]:"}) {
        if (url.starts_with(loopback)) return true;
    }
    return false;
}

}  // namespace tessera::domain
