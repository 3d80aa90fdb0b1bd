#include "domain/TokenPolicy.h"

#include <string>

namespace tessera::domain {

Result<void> validateTokenPolicy(const TokenPolicy& policy) {
    if (policy.maxLifetimeDays &&
        (*policy.maxLifetimeDays < 1 || *policy.maxLifetimeDays > kMaxTokenLifetimeDays)) {
        return fail(ErrorCode::InvalidRequest,
                    "maxLifetimeDays must be from 1 to " + std::to_string(kMaxTokenLifetimeDays),
                    {"maxLifetimeDays"});
    }
    return {};
}

Result<void> checkTokenPolicy(const TokenPolicy& policy, std::optional<Timestamp> expiresAt,
                              Timestamp now) {
    bool limited = policy.requireExpiry || policy.maxLifetimeDays.has_value();
    if (!expiresAt && limited) {
        return fail(ErrorCode::InvalidRequest,
                    "the business account's token policy requires an expiry (expiresAt)",
                    {"expiresAt"});
    }
    if (expiresAt && policy.maxLifetimeDays &&
        *expiresAt > now + std::chrono::days{*policy.maxLifetimeDays}) {
        return fail(ErrorCode::InvalidRequest,
                    "the business account's token policy allows at most " +
                        std::to_string(*policy.maxLifetimeDays) + " days until expiresAt",
                    {"expiresAt"});
    }
    return {};
}

}  // namespace tessera::domain
