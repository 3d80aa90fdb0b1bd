#include "service/LoginThrottle.h"

#include <atomic>

#include "crypto/Base64Url.h"
#include "service/IoThread.h"

namespace tessera::service {
namespace {

constexpr std::string_view kUserCounter = "login-user";
constexpr std::string_view kAddressCounter = "login-address";

std::optional<std::chrono::seconds> lockedFor(const std::optional<store::AttemptCounter>& counter,
                                              domain::Timestamp now) {
    if (counter && counter->lockedUntil > now) return counter->lockedUntil - now;
    return std::nullopt;
}

std::atomic<std::uint64_t> userLockouts{0};
std::atomic<std::uint64_t> addressLockouts{0};

}  // namespace

LockoutCounts lockoutsBegun() {
    return {userLockouts.load(std::memory_order_relaxed),
            addressLockouts.load(std::memory_order_relaxed)};
}

std::string LoginThrottle::digest(std::string_view text) const {
    auto hash = keyedHash_(std::string("login-throttle\n").append(text));
    return crypto::hexEncode(hash);
}

Result<std::optional<std::chrono::seconds>> LoginThrottle::blocked(std::string_view userKey,
                                                                   std::string_view address,
                                                                   domain::Timestamp now) {
    noteBlockingWork("the login throttle");
    auto user = store_.readCounter(kUserCounter, digest(userKey));
    TESSERA_TRY(user);
    auto from = store_.readCounter(kAddressCounter, digest(address));
    TESSERA_TRY(from);
    auto wait = lockedFor(*user, now);
    auto addressWait = lockedFor(*from, now);
    if (addressWait && (!wait || *addressWait > *wait)) wait = addressWait;
    return wait;
}

Result<std::optional<domain::Timestamp>> LoginThrottle::recordFailure(std::string_view userKey,
                                                                      std::string_view address,
                                                                      domain::Timestamp now) {
    noteBlockingWork("the login throttle");
    auto userDigest = digest(userKey);
    auto addressDigest = digest(address);
    std::optional<domain::Timestamp> userLocked;
    for (auto attempt : {store::CountAttempt{kUserCounter, userDigest, now, policy_.lockout,
                                             policy_.failuresPerUser, policy_.lockout},
                         store::CountAttempt{kAddressCounter, addressDigest, now, policy_.lockout,
                                             policy_.failuresPerAddress, policy_.lockout}}) {
        auto counted = store_.countAttempt(attempt);
        TESSERA_TRY(counted);
        // The count reaches the limit once per window (later attempts are refused before they
        // are counted): that failure began the lockout.
        if (counted->count == attempt.limit) {
            auto& lockouts = attempt.kind == kUserCounter ? userLockouts : addressLockouts;
            lockouts.fetch_add(1, std::memory_order_relaxed);
            if (attempt.kind == kUserCounter) userLocked = counted->lockedUntil;
        }
    }
    return userLocked;
}

Result<void> LoginThrottle::recordSuccess(std::string_view userKey) {
    noteBlockingWork("the login throttle");
    return store_.clearCounter(kUserCounter, digest(userKey));
}

}  // namespace tessera::service
