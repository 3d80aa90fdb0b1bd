#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "service/Writer.h"
#include "store/Store.h"

namespace tessera::service {

// Follows the store's change log and applies what other writers (operator commands, other
// instances) committed, so a change made anywhere is seen here within one poll (DESIGN section 3).
class ChangeFollower {
  public:
    ChangeFollower(store::Store& store, Writer& writer, std::string origin,
                   std::int64_t startSequence)
        : store_(store), writer_(writer), origin_(std::move(origin)), sequence_(startSequence) {}

    // One poll; returns how many foreign changes were applied.
    Result<size_t> poll();
    std::int64_t sequence() const { return sequence_; }

  private:
    store::Store& store_;
    Writer& writer_;
    std::string origin_;
    std::int64_t sequence_;
};

}  // namespace tessera::service
