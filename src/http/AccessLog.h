#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace tessera::http {

// Appends `path` with every segment that may be a token value ("/tsr…", a {tokenOrName}) replaced
// by "/[redacted]": token values never reach a log.
void appendRedactedPath(std::string& out, std::string_view path);

// One line per request, in the format of the other log lines:
//   2026-12-02T21:53:26.123Z info GET /auth/check 200 35us id=req-… client=10.0.0.7
// Token values in paths are redacted. Each I/O thread formats its lines into a batch of its own
// (AccessLogBatch) and hands full or aged batches to one writer thread, so that a request costs a
// few appends to memory and no I/O thread ever writes to the log or waits for another.
class AccessLogBatch {
  public:
    void append(std::chrono::system_clock::time_point at, std::string_view method,
                std::string_view path, int status, std::chrono::microseconds took,
                std::string_view requestId, std::string_view clientIp);
    bool empty() const { return lines_.empty(); }
    std::size_t size() const { return lines_.size(); }
    std::string take();

  private:
    std::string lines_;
    std::int64_t stampSecond_ = -1;
    char stamp_[24] = {};  // "YYYY-MM-DDTHH:MM:SS." of stampSecond_
};

class AccessLog {
  public:
    // Writes to `fd` (standard error by default, where the other log lines go). `onDropped` hears
    // of lines dropped because the log fell too far behind (a stalled disk): requests are not made
    // to wait for the log.
    explicit AccessLog(int fd, std::function<void(std::uint64_t)> onDropped = {});
    ~AccessLog();  // writes what is queued, then stops
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void submit(std::string batch);

    static constexpr std::size_t kMaxQueuedBytes = 16 * 1024 * 1024;

  private:
    void writeAll(const std::string& batch);
    void run();

    int fd_;
    std::function<void(std::uint64_t)> onDropped_;
    std::mutex mutex_;  // taken once per batch, never per request
    std::condition_variable wake_;
    std::deque<std::string> queue_;
    std::size_t queuedBytes_ = 0;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point lastDropWarning_;
    std::thread writer_;
};

}  // namespace tessera::http
