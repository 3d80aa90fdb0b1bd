#pragma once

#include <cstddef>
#include <map>

#include "domain/Timestamp.h"

namespace tessera::service {

// How many of a changing set of expiry times have passed, without walking the set each time it
// is asked (`/metrics` asks for the live-token count on every scrape): a cursor remembers up to
// which time the passed ones are counted and moves on only over the times in between. Not
// thread-safe: the Directory serialises it.
class ExpiryCount {
  public:
    void add(domain::Timestamp expiry);
    void remove(domain::Timestamp expiry);
    // How many expiry times are at or before `now` (a token expires at its `expiresAt`, PAT-8).
    std::size_t passedAt(domain::Timestamp now);
    std::size_t size() const { return size_; }

  private:
    std::map<domain::Timestamp, std::size_t> counts_;      // expiry -> how many
    domain::Timestamp cursor_ = domain::Timestamp::min();  // every expiry <= cursor_ is in passed_
    std::size_t passed_ = 0;
    std::size_t size_ = 0;
};

}  // namespace tessera::service
