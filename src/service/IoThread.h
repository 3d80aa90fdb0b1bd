#pragma once

#include <cstdint>
#include <string_view>

namespace tessera::service {

// The threads that answer the hot path must never block (docs/architecture.md). The server marks
// its I/O threads; code that blocks (store access, writes and the password hashing they follow,
// outbound calls) reports itself here. A report from an I/O thread is logged and counted
// (tessera_io_thread_blocking_total), so that a route declared memory-only that does block is
// found by the tests that walk every route.
// Marks this thread as an I/O thread and gives it a shard of its own (service/ThreadShard.h).
void markIoThread();
bool onIoThread();
void noteBlockingWork(std::string_view what);
std::uint64_t ioThreadBlockingCount();

}  // namespace tessera::service
