#pragma once

#include <cstddef>
#include <mutex>
#include <shared_mutex>

namespace tessera::service {

// State the hot path writes (counters, caches, reader locks) is kept once per I/O thread, so that
// two I/O threads never write the same cache line and never wait for each other: shard 0 is shared
// by every other thread (workers, tests); I/O threads take shards 1.. in the order they are marked
// (beyond kThreadShards - 1 I/O threads, shards are shared again, which stays correct).
inline constexpr std::size_t kThreadShards = 17;
inline constexpr std::size_t kCacheLine = 64;

// This thread's shard, in [0, kThreadShards).
std::size_t threadShard();

// A reader-writer lock whose readers lock only their own thread's shard: readers on different
// I/O threads share nothing, and a writer takes every shard (in order, so writers cannot deadlock).
// Writers are rare (a committed change); readers are every request.
class ShardedSharedMutex {
  public:
    void lock_shared() const { shards_[threadShard()].mutex.lock_shared(); }
    void unlock_shared() const { shards_[threadShard()].mutex.unlock_shared(); }
    void lock() const {
        for (auto& shard : shards_) shard.mutex.lock();
    }
    void unlock() const {
        for (auto& shard : shards_) shard.mutex.unlock();
    }

  private:
    struct alignas(kCacheLine) Shard {
        mutable std::shared_mutex mutex;
    };
    Shard shards_[kThreadShards];
};

}  // namespace tessera::service
