#include "service/RateLimiter.h"

#include "domain/HashKey.h"

namespace tessera::service {

std::optional<std::chrono::seconds> RateLimiter::acquire(std::string_view key,
                                                         domain::Timestamp now) {
    std::lock_guard lock(mutex_);
    if (windows_.size() > 100'000) {
        // Bounded memory under a flood of distinct keys: forget windows that have ended.
        absl::erase_if(windows_,
                       [&](const auto& entry) { return entry.second.start + window_ <= now; });
    }
    auto it = windows_.find(domain::hashKey(key));
    if (it == windows_.end()) it = windows_.emplace(std::string(key), Window{now, 0}).first;
    auto& window = it->second;
    if (window.start + window_ <= now) window = Window{now, 0};
    if (window.count >= limit_) return window.start + window_ - now;
    ++window.count;
    return std::nullopt;
}

}  // namespace tessera::service
