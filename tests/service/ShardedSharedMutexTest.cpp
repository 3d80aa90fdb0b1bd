#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "service/IoThread.h"
#include "service/ThreadShard.h"

namespace tessera::service {
namespace {

// The Directory's lock (docs/architecture.md): readers on different I/O threads hold different
// shards at once, and a writer excludes every one of them.
TEST(ShardedSharedMutex, ReadersOnAllShardsExcludeAWriterAndSeeWholeWrites) {
    ShardedSharedMutex mutex;
    long first = 0, second = 0;  // a writer keeps them equal; a reader must never see them differ
    std::atomic<bool> stop{false};
    std::atomic<int> torn{0};
    std::atomic<long> reads{0};
    std::vector<std::thread> readers;
    for (int i = 0; i < 3; ++i) {
        readers.emplace_back([&, i] {
            if (i > 0) markIoThread();  // one reader on shard 0, two on shards of their own
            while (!stop.load()) {
                {
                    std::shared_lock lock(mutex);
                    if (first != second) ++torn;
                    ++reads;
                }
                std::this_thread::yield();  // as a request does between looks
            }
        });
    }
    for (int i = 0; i < 2000; ++i) {
        std::unique_lock lock(mutex);
        ++first;
        ++second;
    }
    while (reads.load() < 1000) std::this_thread::yield();
    stop = true;
    for (auto& reader : readers) reader.join();
    EXPECT_EQ(torn.load(), 0);
    EXPECT_EQ(first, 2000);
}

TEST(ThreadShard, IoThreadsGetShardsOfTheirOwnAndOtherThreadsShareShardZero) {
    std::size_t worker = 99, io1 = 0, io2 = 0;
    std::thread([&] { worker = threadShard(); }).join();
    std::thread([&] {
        markIoThread();
        io1 = threadShard();
    }).join();
    std::thread([&] {
        markIoThread();
        io2 = threadShard();
    }).join();
    EXPECT_EQ(worker, 0u);
    EXPECT_NE(io1, 0u);
    EXPECT_NE(io2, 0u);
    EXPECT_NE(io1, io2);
    EXPECT_LT(io1, kThreadShards);
}

}  // namespace
}  // namespace tessera::service
