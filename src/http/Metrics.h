#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/Route.h"

namespace tessera::http {

struct Api;

// 401s never reach the check handler; tessera_http_requests_total{operation="check",status="401"}
// counts them.
enum class CheckOutcome { Allowed, DeniedPermission, DeniedTenant, Invalid };
enum class LoginOutcome { Success, Failure, Locked };

// Prometheus counters for /metrics. Lock-free: fixed arrays of relaxed atomics indexed by route
// and status, one set per thread shard (service/ThreadShard.h) so that I/O threads never write
// the same counter; /metrics adds the shards up.
class Metrics {
  public:
    explicit Metrics(const std::vector<Route>& routes);

    // `route` is an index into the route table the counters were made for (operationIndex), or
    // anything beyond it for an unmatched request.
    void recordRequest(size_t route, int status, std::chrono::microseconds latency);
    // The index recordRequest takes for an operation; unknown ones count as unmatched.
    size_t operationIndex(std::string_view operationId) const;
    void recordCheck(CheckOutcome outcome);
    void recordLogin(LoginOutcome outcome);
    // The server's connection and overload counters (one increment per connection or refusal,
    // never per request on the hot path).
    void connectionOpened() { connectionsOpen_.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed() { connectionsOpen_.fetch_sub(1, std::memory_order_relaxed); }
    void connectionRefused() { connectionsRefused_.fetch_add(1, std::memory_order_relaxed); }
    void workerQueueFull() { workerQueueFull_.fetch_add(1, std::memory_order_relaxed); }
    void handlerFailed() { handlerFailures_.fetch_add(1, std::memory_order_relaxed); }
    // The certificate the TLS listener serves: its notAfter, seconds since the epoch.
    void tlsCertificateLoaded(std::int64_t notAfter) {
        tlsCertificateNotAfter_.store(notAfter, std::memory_order_relaxed);
    }
    void accessLogLinesDropped(std::uint64_t lines) {
        accessLogDropped_.fetch_add(lines, std::memory_order_relaxed);
    }
    std::int64_t openConnections() const {
        return connectionsOpen_.load(std::memory_order_relaxed);
    }
    // Names no user, token or client address: every label is a fixed set of values.
    std::string render(const Api& api) const;

    static constexpr std::array<int, 15> kStatuses = {200, 204, 400, 401, 403, 404, 405, 409,
                                                      413, 415, 429, 431, 500, 503, 0};
    static constexpr std::array<double, 10> kLatencyBuckets = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25};

  private:
    template <class Count>
    struct RouteCounters {
        std::array<Count, kStatuses.size()> byStatus{};
        std::array<Count, kLatencyBuckets.size() + 1> latency{};  // last: +Inf
        Count latencyMicros{0};
    };
    struct alignas(64) Shard {
        std::unique_ptr<RouteCounters<std::atomic<std::uint64_t>>[]> routes;
        std::array<std::atomic<std::uint64_t>, 4> checks{};
        std::array<std::atomic<std::uint64_t>, 3> logins{};
    };
    Shard& shard();

    std::vector<std::string> operations_;
    std::unique_ptr<Shard[]> shards_;
    std::atomic<std::int64_t> connectionsOpen_{0};
    std::atomic<std::uint64_t> connectionsRefused_{0};
    std::atomic<std::uint64_t> workerQueueFull_{0};
    std::atomic<std::uint64_t> handlerFailures_{0};
    std::atomic<std::int64_t> tlsCertificateNotAfter_{0};  // 0: no TLS listener
    std::atomic<std::uint64_t> accessLogDropped_{0};
};

}  // namespace tessera::http
