#pragma once

#include "service/Writer.h"

namespace tessera::service {

// Follows the store's change log and applies what other writers (operator commands, other
// instances) committed, so a change made anywhere is seen here within one poll
// (docs/architecture.md). The Writer keeps the position; every write catches up first as well.
class ChangeFollower {
  public:
    ChangeFollower(Writer& writer, std::string origin, std::int64_t startSequence)
        : writer_(writer) {
        writer_.follow(std::move(origin), startSequence);
    }
    // One poll; returns how many foreign changes were applied.
    Result<size_t> poll() { return writer_.catchUp(); }
    // Every entry up to this one has been read.
    std::int64_t position() const { return writer_.position(); }

  private:
    Writer& writer_;
};

}  // namespace tessera::service
