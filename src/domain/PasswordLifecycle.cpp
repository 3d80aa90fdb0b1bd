#include "domain/PasswordLifecycle.h"

namespace tessera::domain {

std::optional<Timestamp> passwordExpiresAt(const CredentialState& state,
                                           const PasswordPolicy& policy) {
    if (policy.forceExpiredPasswordChange <= 0 || !state.passwordChangedAt) return std::nullopt;
    return *state.passwordChangedAt + std::chrono::days{policy.forceExpiredPasswordChange};
}

PasswordChange passwordChangeRequired(const CredentialState& state, const PasswordPolicy& policy,
                                      Timestamp now) {
    if (state.temporaryPassword) return PasswordChange::Temporary;
    auto expiresAt = passwordExpiresAt(state, policy);
    if (expiresAt && *expiresAt <= now) return PasswordChange::Expired;
    return PasswordChange::NotRequired;
}

std::vector<std::string> hashesBarredFromReuse(const CredentialState& state,
                                               const std::string& currentHash,
                                               const PasswordPolicy& policy) {
    std::vector<std::string> barred;
    if (policy.passwordHistory <= 0) return barred;
    if (!currentHash.empty()) barred.push_back(currentHash);
    const auto& previous = state.previousPasswordHashes;
    for (auto it = previous.rbegin();
         it != previous.rend() && barred.size() < size_t(policy.passwordHistory); ++it) {
        barred.push_back(*it);
    }
    return barred;
}

CredentialState afterPasswordChange(CredentialState state, const std::string& oldHash,
                                    const PasswordPolicy& policy, Timestamp now, bool temporary) {
    auto& previous = state.previousPasswordHashes;
    if (!oldHash.empty()) previous.push_back(oldHash);
    // The new hash becomes the current one, so history - 1 earlier ones are enough.
    size_t keep = policy.passwordHistory > 1 ? size_t(policy.passwordHistory - 1) : 0;
    if (previous.size() > keep) previous.erase(previous.begin(), previous.end() - long(keep));
    state.passwordChangedAt = now;
    state.temporaryPassword = temporary;
    return state;
}

}  // namespace tessera::domain
