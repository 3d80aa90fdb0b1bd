#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/KeyedHash.h"
#include "domain/Error.h"
#include "domain/Timestamp.h"
#include "store/Store.h"

namespace tessera::service {

struct LoginThrottlePolicy {
    int failuresPerUser = 5;      // consecutive failures before a user name is locked
    int failuresPerAddress = 50;  // failures from one client address within the window
    std::chrono::seconds lockout{15 * 60};
};

// JWT-3: failed logins are throttled per user name and per client address. Keys are the user
// names as typed, so an unknown name locks exactly like a known one and reveals nothing. The
// counts live in the store, so failures spread over several instances lock alike; the store
// holds only keyed digests of the names and addresses (a password typed as a name stays unread).
// Store calls: never on an I/O thread.
// Lockouts that began in this process (the failure that reached a limit), by what was locked: for
// /metrics, which must name neither the user nor the address.
struct LockoutCounts {
    std::uint64_t users = 0;
    std::uint64_t addresses = 0;
};
LockoutCounts lockoutsBegun();

class LoginThrottle {
  public:
    LoginThrottle(LoginThrottlePolicy policy, store::Store& store,
                  const crypto::KeyedHash& keyedHash)
        : policy_(policy), store_(store), keyedHash_(keyedHash) {}

    // How long until a login for this name from this address may be tried; empty: now.
    Result<std::optional<std::chrono::seconds>> blocked(std::string_view userKey,
                                                        std::string_view address,
                                                        domain::Timestamp now);
    // When this failure locked the user name (reached its limit), until when: AUD-2 tells
    // the business account once per lockout.
    Result<std::optional<domain::Timestamp>> recordFailure(std::string_view userKey,
                                                           std::string_view address,
                                                           domain::Timestamp now);
    Result<void> recordSuccess(std::string_view userKey);

  private:
    std::string digest(std::string_view text) const;

    LoginThrottlePolicy policy_;
    store::Store& store_;
    const crypto::KeyedHash& keyedHash_;
};

}  // namespace tessera::service
