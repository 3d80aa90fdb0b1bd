#include "service/LoginThrottle.h"

#include "domain/HashKey.h"

namespace tessera::service {

std::optional<std::chrono::seconds> LoginThrottle::lockedFor(const Counter& counter,
                                                             domain::Timestamp now) const {
    if (counter.lockedUntil > now) return counter.lockedUntil - now;
    return std::nullopt;
}

std::optional<std::chrono::seconds> LoginThrottle::blocked(std::string_view userKey,
                                                           std::string_view address,
                                                           domain::Timestamp now) {
    std::lock_guard lock(mutex_);
    std::optional<std::chrono::seconds> wait;
    if (auto user = users_.find(domain::hashKey(userKey)); user != users_.end())
        wait = lockedFor(user->second, now);
    if (auto from = addresses_.find(domain::hashKey(address)); from != addresses_.end()) {
        auto addressWait = lockedFor(from->second, now);
        if (addressWait && (!wait || *addressWait > *wait)) wait = addressWait;
    }
    return wait;
}

void LoginThrottle::count(Counter& counter, int limit, domain::Timestamp now) {
    if (counter.since + policy_.lockout <= now) counter = Counter{0, now, {}};
    if (++counter.failures >= limit) counter.lockedUntil = now + policy_.lockout;
}

void LoginThrottle::recordFailure(std::string_view userKey, std::string_view address,
                                  domain::Timestamp now) {
    std::lock_guard lock(mutex_);
    if (users_.size() > 100'000) {
        absl::erase_if(
            users_, [&](const auto& entry) { return entry.second.since + policy_.lockout <= now; });
    }
    if (addresses_.size() > 100'000) {
        absl::erase_if(addresses_, [&](const auto& entry) {
            return entry.second.since + policy_.lockout <= now;
        });
    }
    count(users_[domain::hashKey(userKey)], policy_.failuresPerUser, now);
    count(addresses_[domain::hashKey(address)], policy_.failuresPerAddress, now);
}

void LoginThrottle::recordSuccess(std::string_view userKey) {
    std::lock_guard lock(mutex_);
    users_.erase(domain::hashKey(userKey));
}

}  // namespace tessera::service
