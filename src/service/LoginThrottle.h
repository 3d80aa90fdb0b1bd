#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <absl/container/flat_hash_map.h>

#include "domain/Timestamp.h"

namespace tessera::service {

struct LoginThrottlePolicy {
    int failuresPerUser = 5;      // consecutive failures before a user name is locked
    int failuresPerAddress = 50;  // failures from one client address within the window
    std::chrono::seconds lockout{15 * 60};
};

// JWT-3: failed logins are throttled per user name and per client address. Keys are the user
// names as typed, so an unknown name locks exactly like a known one and reveals nothing.
class LoginThrottle {
  public:
    explicit LoginThrottle(LoginThrottlePolicy policy = {}) : policy_(policy) {}

    // How long until a login for this name from this address may be tried; empty: now.
    std::optional<std::chrono::seconds> blocked(std::string_view userKey, std::string_view address,
                                                domain::Timestamp now);
    void recordFailure(std::string_view userKey, std::string_view address, domain::Timestamp now);
    void recordSuccess(std::string_view userKey);

  private:
    struct Counter {
        int failures = 0;
        domain::Timestamp since{};
        domain::Timestamp lockedUntil{};
    };
    std::optional<std::chrono::seconds> lockedFor(const Counter& counter,
                                                  domain::Timestamp now) const;
    void count(Counter& counter, int limit, domain::Timestamp now);

    LoginThrottlePolicy policy_;
    std::mutex mutex_;
    absl::flat_hash_map<std::string, Counter> users_;
    absl::flat_hash_map<std::string, Counter> addresses_;
};

}  // namespace tessera::service
