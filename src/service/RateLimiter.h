#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <absl/container/flat_hash_map.h>

#include "domain/Timestamp.h"

namespace tessera::service {

// At most `limit` events per key in each fixed window (e.g. per client address per minute).
class RateLimiter {
  public:
    RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

    // Empty when allowed; otherwise how long until the key may try again.
    std::optional<std::chrono::seconds> acquire(std::string_view key, domain::Timestamp now);

  private:
    struct Window {
        domain::Timestamp start{};
        int count = 0;
    };
    int limit_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    absl::flat_hash_map<std::string, Window> windows_;
};

}  // namespace tessera::service
