#include "service/IoThread.h"

#include <spdlog/spdlog.h>

#include <atomic>

namespace tessera::service {
namespace {

thread_local bool isIoThread = false;
// Only ever incremented on a defect, so it costs the hot path nothing.
std::atomic<std::uint64_t> blockingOnIoThread{0};

}  // namespace

void markIoThread() {
    isIoThread = true;
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
