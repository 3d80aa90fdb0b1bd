#pragma once

#include <atomic>
#include <cstdint>

namespace tessera::service {

// Whether this instance can reach its store right now, as the background follower last saw it.
// `/readyz` answers 503 while it cannot: a load balancer then sends writes elsewhere, while
// `/auth/check` keeps answering from memory (decisions as of the last change applied).
// Also where the follower stands in the change log, for /metrics.
class StoreHealth {
  public:
    bool reachable() const { return reachable_.load(std::memory_order_relaxed); }
    // True when this changed the state.
    bool set(bool reachable) {
        return reachable_.exchange(reachable, std::memory_order_relaxed) != reachable;
    }

    // The follower read the change log to its end: every entry up to `position` is applied, at
    // `unixSeconds` (wall clock).
    void caughtUp(std::int64_t position, std::int64_t unixSeconds) {
        position_.store(position, std::memory_order_relaxed);
        caughtUpAt_.store(unixSeconds, std::memory_order_relaxed);
    }
    std::int64_t position() const { return position_.load(std::memory_order_relaxed); }
    // 0 until the follower first caught up.
    std::int64_t caughtUpAtSeconds() const { return caughtUpAt_.load(std::memory_order_relaxed); }

  private:
    std::atomic<bool> reachable_{true};
    std::atomic<std::int64_t> position_{0};
    std::atomic<std::int64_t> caughtUpAt_{0};
};

}  // namespace tessera::service
