#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <absl/container/flat_hash_map.h>

#include "domain/Timestamp.h"
#include "service/ThreadShard.h"

namespace tessera::service {

// What a verified access token says (its signature and claims already checked).
struct VerifiedJwt {
    std::string sessionId;
    std::string userLocator;
    domain::Timestamp expiresAt;
};

// Access tokens whose signature has been checked, so that it is checked once per token and
// thread instead of once per request. Keyed by the whole token text, compared in full, so that no
// other text can ever hit a cached entry.
//
// Each thread shard has its own cache (service/ThreadShard.h): I/O threads never share a lock or
// a counter here. A shard holds two generations of up to `perGeneration` entries; when the newer
// is full the older is dropped, and an entry found in the older moves to the newer. So memory is
// bounded and what was used within the last generation stays (least recently used, roughly),
// instead of everything being forgotten at once.
class VerifiedJwtCache {
  public:
    explicit VerifiedJwtCache(std::size_t perGeneration);

    // Null when the token is not cached. Entries are shared only within their shard.
    std::shared_ptr<const VerifiedJwt> find(std::string_view token);
    void insert(std::string_view token, std::shared_ptr<const VerifiedJwt> verified);
    void clear();

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
    };
    Stats stats() const;

  private:
    using Generation = absl::flat_hash_map<std::string, std::shared_ptr<const VerifiedJwt>>;
    struct alignas(kCacheLine) Shard {
        mutable std::mutex mutex;  // only ever contended by threads of shard 0
        Generation newer;
        Generation older;
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
    };

    void makeRoom(Shard& shard) const;  // the shard's mutex is held

    std::size_t perGeneration_;
    Shard shards_[kThreadShards];
};

}  // namespace tessera::service
