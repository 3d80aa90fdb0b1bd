#include "service/IoThread.h"
#include "service/ThreadShard.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstddef>

namespace tessera::service {
namespace {

thread_local bool isIoThread = false;
thread_local std::size_t shardOfThisThread = 0;
std::atomic<std::size_t> ioThreadsMarked{0};
// Only ever incremented on a defect, so it costs the hot path nothing.
std::atomic<std::uint64_t> blockingOnIoThread{0};

}  // namespace

void markIoThread() {
    if (isIoThread) return;
    isIoThread = true;
    shardOfThisThread = 1 + ioThreadsMarked.fetch_add(1) % (kThreadShards - 1);
}

std::size_t threadShard() {
    return shardOfThisThread;
}

bool onIoThread() {
    return isIoThread;
}

void noteBlockingWork(std::string_view what) {
    if (!isIoThread) return;
    blockingOnIoThread.fetch_add(1, std::memory_order_relaxed);
    spdlog::error("blocking work on an I/O thread: {} (declare the route's work)", what);
}

std::uint64_t ioThreadBlockingCount() {
    return blockingOnIoThread.load(std::memory_order_relaxed);
}

}  // namespace tessera::service
