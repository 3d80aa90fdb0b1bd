#include "service/VerifiedJwtCache.h"

#include <algorithm>

#include "domain/HashKey.h"

namespace tessera::service {

VerifiedJwtCache::VerifiedJwtCache(std::size_t perGeneration)
    : perGeneration_(std::max<std::size_t>(1, perGeneration)) {}

// A full newer generation becomes the older one; the older one is dropped.
void VerifiedJwtCache::makeRoom(Shard& shard) const {
    if (shard.newer.size() < perGeneration_) return;
    shard.older = std::move(shard.newer);
    shard.newer = Generation();
}

std::shared_ptr<const VerifiedJwt> VerifiedJwtCache::find(std::string_view token) {
    auto& shard = shards_[threadShard()];
    std::lock_guard lock(shard.mutex);
    if (auto it = shard.newer.find(domain::hashKey(token)); it != shard.newer.end()) {
        ++shard.hits;
        return it->second;
    }
    auto old = shard.older.find(domain::hashKey(token));
    if (old == shard.older.end()) {
        ++shard.misses;
        return nullptr;
    }
    ++shard.hits;
    // Used again: it moves to the newer generation, which may retire the older one.
    auto moved = shard.older.extract(old);
    makeRoom(shard);
    return shard.newer.insert(std::move(moved)).position->second;
}

void VerifiedJwtCache::insert(std::string_view token, std::shared_ptr<const VerifiedJwt> verified) {
    auto& shard = shards_[threadShard()];
    std::lock_guard lock(shard.mutex);
    makeRoom(shard);
    shard.newer.insert_or_assign(std::string(token), std::move(verified));
}

void VerifiedJwtCache::clear() {
    for (auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        shard.newer = Generation();
        shard.older = Generation();
    }
}

VerifiedJwtCache::Stats VerifiedJwtCache::stats() const {
    Stats total;
    for (const auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total.hits += shard.hits;
        total.misses += shard.misses;
        total.entries += shard.newer.size() + shard.older.size();
    }
    return total;
}

}  // namespace tessera::service
