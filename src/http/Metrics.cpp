#include "http/Metrics.h"

#include <cstdio>

#include "http/RequestContext.h"
#include "service/IoThread.h"
#include "service/LoginThrottle.h"
#include "service/ThreadShard.h"
#include "store/Store.h"

namespace tessera::http {
namespace {

constexpr std::array<const char*, 4> kCheckNames = {"allowed", "denied_permission", "denied_tenant",
                                                    "invalid"};
constexpr std::array<const char*, 3> kLoginNames = {"success", "failure", "locked"};

void line(std::string& out, const std::string& text) {
    out += text;
    out += '\n';
}

// A family of one series: a gauge, or a counter without labels.
void oneSeries(std::string& out, std::string_view name, std::string_view type,
               std::string_view help, long long value) {
    line(out, "# HELP " + std::string(name) + " " + std::string(help));
    line(out, "# TYPE " + std::string(name) + " " + std::string(type));
    line(out, std::string(name) + " " + std::to_string(value));
}

// A counter family with one label, one series per value of it.
void labelledCounter(std::string& out, std::string_view name, std::string_view help,
                     std::string_view label,
                     const std::vector<std::pair<std::string_view, std::uint64_t>>& series) {
    line(out, "# HELP " + std::string(name) + " " + std::string(help));
    line(out, "# TYPE " + std::string(name) + " counter");
    for (const auto& [value, count] : series) {
        line(out, std::string(name) + "{" + std::string(label) + "=\"" + std::string(value) +
                      "\"} " + std::to_string(count));
    }
}

// One counter family labelled by outcome, from parallel arrays of names and counts.
template <size_t N>
void outcomeCounter(std::string& out, const std::string& name, const std::string& help,
                    const std::array<const char*, N>& outcomes,
                    const std::array<std::uint64_t, N>& counts) {
    std::vector<std::pair<std::string_view, std::uint64_t>> series;
    for (size_t i = 0; i < N; ++i) series.emplace_back(outcomes[i], counts[i]);
    labelledCounter(out, name, help, "outcome", series);
}

template <size_t N>
void addUp(std::array<std::uint64_t, N>& into,
           const std::array<std::atomic<std::uint64_t>, N>& from) {
    for (size_t i = 0; i < N; ++i) into[i] += from[i].load(std::memory_order_relaxed);
}

}  // namespace

Metrics::Metrics(const std::vector<Route>& routes) : shards_(new Shard[service::kThreadShards]) {
    for (const auto& route : routes) operations_.emplace_back(route.operationId);
    operations_.emplace_back("unmatched");
    for (size_t i = 0; i < service::kThreadShards; ++i)
        shards_[i].routes.reset(new RouteCounters<std::atomic<std::uint64_t>>[operations_.size()]);
}

size_t Metrics::operationIndex(std::string_view operationId) const {
    for (size_t i = 0; i + 1 < operations_.size(); ++i) {
        if (operations_[i] == operationId) return i;
    }
    return operations_.size() - 1;
}

Metrics::Shard& Metrics::shard() {
    return shards_[service::threadShard()];
}

void Metrics::recordRequest(size_t route, int status, std::chrono::microseconds latency) {
    if (route >= operations_.size()) route = operations_.size() - 1;
    auto& counters = shard().routes[route];
    size_t statusIndex = kStatuses.size() - 1;  // "other"
    for (size_t i = 0; i + 1 < kStatuses.size(); ++i) {
        if (kStatuses[i] == status) {
            statusIndex = i;
            break;
        }
    }
    counters.byStatus[statusIndex].fetch_add(1, std::memory_order_relaxed);
    double seconds = double(latency.count()) / 1e6;
    size_t bucket = kLatencyBuckets.size();
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        if (seconds <= kLatencyBuckets[i]) {
            bucket = i;
            break;
        }
    }
    counters.latency[bucket].fetch_add(1, std::memory_order_relaxed);
    counters.latencyMicros.fetch_add(std::uint64_t(latency.count()), std::memory_order_relaxed);
}

void Metrics::recordCheck(CheckOutcome outcome) {
    shard().checks[size_t(outcome)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::recordLogin(LoginOutcome outcome) {
    shard().logins[size_t(outcome)].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render(const Api& api) const {
    std::vector<RouteCounters<std::uint64_t>> routes(operations_.size());
    std::array<std::uint64_t, 4> checks{};
    std::array<std::uint64_t, 3> logins{};
    for (size_t i = 0; i < service::kThreadShards; ++i) {
        const auto& shard = shards_[i];
        for (size_t r = 0; r < routes.size(); ++r) {
            addUp(routes[r].byStatus, shard.routes[r].byStatus);
            addUp(routes[r].latency, shard.routes[r].latency);
            routes[r].latencyMicros +=
                shard.routes[r].latencyMicros.load(std::memory_order_relaxed);
        }
        addUp(checks, shard.checks);
        addUp(logins, shard.logins);
    }
    std::string out;
    char buffer[256];
    line(out, "# HELP tessera_http_requests_total HTTP requests by operation and status.");
    line(out, "# TYPE tessera_http_requests_total counter");
    for (size_t r = 0; r < operations_.size(); ++r) {
        for (size_t s = 0; s < kStatuses.size(); ++s) {
            auto value = routes[r].byStatus[s];
            if (value == 0) continue;
            std::string status = kStatuses[s] == 0 ? "other" : std::to_string(kStatuses[s]);
            std::snprintf(buffer, sizeof buffer,
                          "tessera_http_requests_total{operation=\"%s\",status=\"%s\"} %llu",
                          operations_[r].c_str(), status.c_str(),
                          static_cast<unsigned long long>(value));
            line(out, buffer);
        }
    }
    line(
        out,
        "# HELP tessera_http_request_duration_seconds Time spent handling requests, by operation.");
    line(out, "# TYPE tessera_http_request_duration_seconds histogram");
    for (size_t r = 0; r < operations_.size(); ++r) {
        std::uint64_t cumulative = 0;
        std::uint64_t total = 0;
        for (auto bucket : routes[r].latency) total += bucket;
        if (total == 0) continue;
        for (size_t b = 0; b < kLatencyBuckets.size(); ++b) {
            cumulative += routes[r].latency[b];
            std::snprintf(
                buffer, sizeof buffer,
                "tessera_http_request_duration_seconds_bucket{operation=\"%s\",le=\"%g\"} %llu",
                operations_[r].c_str(), kLatencyBuckets[b],
                static_cast<unsigned long long>(cumulative));
            line(out, buffer);
        }
        std::snprintf(
            buffer, sizeof buffer,
            "tessera_http_request_duration_seconds_bucket{operation=\"%s\",le=\"+Inf\"} %llu",
            operations_[r].c_str(), static_cast<unsigned long long>(total));
        line(out, buffer);
        std::snprintf(buffer, sizeof buffer,
                      "tessera_http_request_duration_seconds_sum{operation=\"%s\"} %.6f",
                      operations_[r].c_str(), double(routes[r].latencyMicros) / 1e6);
        line(out, buffer);
        std::snprintf(buffer, sizeof buffer,
                      "tessera_http_request_duration_seconds_count{operation=\"%s\"} %llu",
                      operations_[r].c_str(), static_cast<unsigned long long>(total));
        line(out, buffer);
    }
    outcomeCounter(out, "tessera_check_decisions_total",
                   "Authorization decisions of GET /auth/check, by outcome.", kCheckNames, checks);
    outcomeCounter(out, "tessera_logins_total", "Password logins, by outcome.", kLoginNames,
                   logins);
    auto jwtCache = api.authenticator.jwtCacheStats();
    labelledCounter(out, "tessera_jwt_cache_lookups_total",
                    "Verified-JWT cache lookups, by result.", "result",
                    {{"hit", jwtCache.hits}, {"miss", jwtCache.misses}});
    oneSeries(
        out, "tessera_io_thread_blocking_total", "counter",
        "Blocking calls made on an I/O thread (a defect: the route's declared work is wrong).",
        (long long)service::ioThreadBlockingCount());
    oneSeries(out, "tessera_http_connections_open", "gauge", "Open client connections.",
              connectionsOpen_.load(std::memory_order_relaxed));
    // The server's own events, each counted where it happens.
    static constexpr struct {
        std::string_view name;
        std::string_view help;
        std::atomic<std::uint64_t> Metrics::*count;
    } kServerCounters[] = {
        {"tessera_http_connections_refused_total",
         "Connections refused because --max-connections were open.", &Metrics::connectionsRefused_},
        {"tessera_worker_queue_full_total",
         "Requests answered 503 because the worker queue was full.", &Metrics::workerQueueFull_},
        {"tessera_http_handler_failures_total",
         "Requests whose handler failed unexpectedly (answered 500; a defect).",
         &Metrics::handlerFailures_},
        {"tessera_access_log_dropped_lines_total",
         "Access-log lines dropped because the log output fell too far behind.",
         &Metrics::accessLogDropped_},
    };
    for (const auto& [name, help, count] : kServerCounters) {
        oneSeries(out, name, "counter", help,
                  (long long)(this->*count).load(std::memory_order_relaxed));
    }
    oneSeries(out, "tessera_live_personal_access_tokens", "gauge",
              "Unexpired personal access tokens.", (long long)api.tokens.countLive());

    auto lockouts = service::lockoutsBegun();
    labelledCounter(out, "tessera_login_lockouts_total",
                    "Lockouts begun (failed logins reached the limit), by what was locked.",
                    "locked", {{"user", lockouts.users}, {"address", lockouts.addresses}});
    auto failures = store::storeFailureCounts();
    labelledCounter(out, "tessera_store_errors_total",
                    "Failed database operations, by kind (busy: contention, retried; "
                    "unavailable: out of reach or full; failed: anything else).",
                    "kind",
                    {{"busy", failures.busy},
                     {"unavailable", failures.unavailable},
                     {"failed", failures.failed}});
    oneSeries(out, "tessera_store_reachable", "gauge",
              "1 while the change-log follower reaches the store, 0 while it cannot (/readyz).",
              api.storeHealth.reachable() ? 1 : 0);
    oneSeries(out, "tessera_change_log_position", "gauge",
              "The change-log sequence up to which this instance has applied every entry.",
              (long long)api.storeHealth.position());
    if (auto at = api.storeHealth.caughtUpAtSeconds(); at > 0) {
        oneSeries(out, "tessera_change_log_caught_up_timestamp_seconds", "gauge",
                  "When the change-log follower last read the log to its end (Unix time).",
                  (long long)at);
    }
    if (auto notAfter = tlsCertificateNotAfter_.load(std::memory_order_relaxed)) {
        oneSeries(out, "tessera_tls_certificate_not_after_seconds", "gauge",
                  "When the certificate the TLS listener serves expires (Unix time).",
                  (long long)notAfter);
    }
    oneSeries(out, "tessera_signing_key_created_timestamp_seconds", "gauge",
              "When the current JWT signing key was created (Unix time).",
              (long long)api.signingKeys.get().currentCreatedAt.time_since_epoch().count());
    return out;
}

}  // namespace tessera::http
