#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/KeyedHash.h"
#include "domain/Error.h"
#include "domain/Timestamp.h"
#include "store/Store.h"

namespace tessera::service {

// At most `limit` events per key in each fixed window (e.g. per client address per minute),
// counted in the store so that every instance shares the count. Keys are stored as keyed
// digests. Store calls: never on an I/O thread.
class RateLimiter {
  public:
    RateLimiter(std::string kind, int limit, std::chrono::seconds window, store::Store& store,
                const crypto::KeyedHash& keyedHash)
        : kind_(std::move(kind)),
          limit_(limit),
          window_(window),
          store_(store),
          keyedHash_(keyedHash) {}

    // Empty when allowed; otherwise how long until the key may try again.
    Result<std::optional<std::chrono::seconds>> acquire(std::string_view key,
                                                        domain::Timestamp now);

  private:
    std::string kind_;
    int limit_;
    std::chrono::seconds window_;
    store::Store& store_;
    const crypto::KeyedHash& keyedHash_;
};

}  // namespace tessera::service
