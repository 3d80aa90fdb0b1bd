#include "http/AccessLog.h"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>

namespace tessera::http {
namespace {

void appendNumber(std::string& out, std::uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, size_t(end - digits));
}

}  // namespace

void AccessLogBatch::append(std::chrono::system_clock::time_point at, std::string_view method,
                            std::string_view path, int status, std::chrono::microseconds took,
                            std::string_view requestId, std::string_view clientIp) {
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
    auto second = millis.count() / 1000;
    if (second != stampSecond_) {
        // The calendar part changes once a second; most lines reuse it.
        std::time_t seconds = std::time_t(second);
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        std::strftime(stamp_, sizeof stamp_, "%Y-%m-%dT%H:%M:%S.", &utc);
        stampSecond_ = second;
    }
    lines_.append(stamp_);
    auto ms = int(millis.count() % 1000);
    lines_ += char('0' + ms / 100);
    lines_ += char('0' + ms / 10 % 10);
    lines_ += char('0' + ms % 10);
    lines_.append("Z info ").append(method).append(" ");
    appendRedactedPath(lines_, path);
    lines_ += ' ';
    appendNumber(lines_, std::uint64_t(std::max(status, 0)));
    lines_ += ' ';
    appendNumber(lines_, std::uint64_t(std::max<std::int64_t>(took.count(), 0)));
    lines_.append("us id=").append(requestId).append(" client=").append(clientIp).append("\n");
}

void appendRedactedPath(std::string& out, std::string_view path) {
    size_t start = 0;
    while (start < path.size()) {
        auto end = path.find('/', start + 1);
        if (end == std::string_view::npos) end = path.size();
        auto segment = path.substr(start, end - start);
        if (segment.starts_with("/tsr"))
            out += "/[redacted]";
        else
            out += segment;
        start = end;
    }
}

std::string AccessLogBatch::take() {
    std::string batch;
    batch.swap(lines_);
    lines_.reserve(batch.capacity());
    return batch;
}

AccessLog::AccessLog(int fd, std::function<void(std::uint64_t)> onDropped)
    : fd_(fd), onDropped_(std::move(onDropped)), writer_([this] { run(); }) {}

AccessLog::~AccessLog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
}

void AccessLog::submit(std::string batch) {
    if (batch.empty()) return;
    bool queued = false;
    {
        std::lock_guard lock(mutex_);
        if (queuedBytes_ + batch.size() <= kMaxQueuedBytes) {
            queuedBytes_ += batch.size();
            queue_.push_back(std::move(batch));
            queued = true;
        }
    }
    if (queued) {
        wake_.notify_one();
        return;
    }
    auto lines = std::uint64_t(std::count(batch.begin(), batch.end(), '\n'));
    if (onDropped_) onDropped_(lines);
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (now - lastDropWarning_ > std::chrono::seconds(10)) {
        lastDropWarning_ = now;
        spdlog::warn("the access log is {} MiB behind its output: dropping lines",
                     kMaxQueuedBytes / (1024 * 1024));
    }
}

void AccessLog::writeAll(const std::string& batch) {
    size_t written = 0;
    while (written < batch.size()) {
        auto result = ::write(fd_, batch.data() + written, batch.size() - written);
        if (result < 0 && errno == EINTR) continue;
        if (result <= 0) {
            // The output is gone (a closed pipe, say): what is left of the batch is lost.
            if (onDropped_) {
                onDropped_(std::uint64_t(
                    std::count(batch.begin() + std::ptrdiff_t(written), batch.end(), '\n')));
            }
            return;
        }
        written += size_t(result);
    }
}

void AccessLog::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        auto batches = std::move(queue_);
        queue_.clear();
        queuedBytes_ = 0;
        lock.unlock();
        for (const auto& batch : batches) writeAll(batch);
        lock.lock();
    }
}

}  // namespace tessera::http
