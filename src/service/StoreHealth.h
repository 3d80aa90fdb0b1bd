#pragma once

#include <atomic>

namespace tessera::service {

// Whether this instance can reach its store right now, as the background follower last saw it.
// `/readyz` answers 503 while it cannot: a load balancer then sends writes elsewhere, while
// `/auth/check` keeps answering from memory (decisions as of the last change applied).
class StoreHealth {
  public:
    bool reachable() const { return reachable_.load(std::memory_order_relaxed); }
    // True when this changed the state.
    bool set(bool reachable) {
        return reachable_.exchange(reachable, std::memory_order_relaxed) != reachable;
    }

  private:
    std::atomic<bool> reachable_{true};
};

}  // namespace tessera::service
