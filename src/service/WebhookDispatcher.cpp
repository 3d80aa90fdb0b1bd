#include "service/WebhookDispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "crypto/Ids.h"
#include "crypto/WebhookSignature.h"
#include "service/AuditScope.h"

namespace tessera::service {
namespace {

using namespace tessera::domain;

constexpr std::chrono::milliseconds kLongestDelay = std::chrono::hours(1);
constexpr std::size_t kClaimedAtOnce = 4;  // per worker
constexpr std::chrono::seconds kLeaseMargin{30};

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::chrono::milliseconds retryDelay(std::chrono::milliseconds first, std::int64_t attempt,
                                     double unit) {
    auto doublings = std::clamp<std::int64_t>(attempt - 1, 0, 40);
    double base = double(first.count()) * std::pow(2.0, double(doublings));
    base = std::min(base, double(kLongestDelay.count()));
    return std::chrono::milliseconds(std::int64_t(base * (0.75 + 0.5 * unit)));
}

WebhookDispatcher::WebhookDispatcher(store::Store& store, Writer& writer, HttpFetcher& fetcher,
                                     const crypto::SecretBox& secrets, crypto::Random& random,
                                     const Clock& clock, std::string instance,
                                     WebhookDeliveryPolicy policy)
    : store_(store),
      writer_(writer),
      fetcher_(fetcher),
      secrets_(secrets),
      random_(random),
      clock_(clock),
      instance_(std::move(instance)),
      policy_(policy) {}

void WebhookDispatcher::start() {
    for (int i = 0; i < policy_.workers; ++i) threads_.emplace_back([this] { work(); });
}

WebhookDispatcher::~WebhookDispatcher() {
    stop();
}

void WebhookDispatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
}

void WebhookDispatcher::wake() {
    {
        std::lock_guard lock(mutex_);
        ++wakeups_;
    }
    wake_.notify_all();
}

double WebhookDispatcher::jitterUnit() {
    std::array<std::uint8_t, 4> bytes{};
    {
        std::lock_guard lock(randomMutex_);
        random_.fill(bytes);
    }
    std::uint32_t value = 0;
    for (auto byte : bytes) value = (value << 8) | byte;
    return double(value) / 4294967296.0;
}

void WebhookDispatcher::work() {
    std::uint64_t seen = 0;
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            seen = wakeups_;
        }
        auto now = nowMs();
        auto lease =
            std::chrono::duration_cast<std::chrono::milliseconds>(policy_.timeout + kLeaseMargin);
        auto claimed =
            store_.claimWebhookDeliveries({instance_, now, now + lease.count(), kClaimedAtOnce});
        if (!claimed) {
            spdlog::warn("webhook deliveries cannot be read: {}", claimed.error().message);
        } else {
            for (const auto& delivery : *claimed) deliver(delivery);
            if (claimed->size() == kClaimedAtOnce) continue;  // there may be more due now
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, policy_.poll, [&] { return stopping_ || wakeups_ != seen; });
    }
}

void WebhookDispatcher::deliver(const store::WebhookDelivery& delivery) {
    auto endpoint = store_.findWebhookEndpoint(delivery.endpointLocator);
    if (!endpoint || !*endpoint) return;  // deleted: its deliveries went with it
    auto sentAt = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    std::string signatures;
    for (const auto* secret : signingSecrets(**endpoint, clock_.now())) {
        auto opened = secrets_.open(secret->sealed);
        if (!opened) continue;
        auto signature =
            crypto::webhookSignature(*opened, delivery.messageId, sentAt, delivery.payload);
        if (signature) (signatures += signatures.empty() ? "" : " ") += *signature;
    }
    store::WebhookAttempt attempt;
    attempt.locator = [&] {
        std::lock_guard lock(randomMutex_);
        return crypto::newUlid(random_, std::chrono::system_clock::now());
    }();
    attempt.endpointLocator = delivery.endpointLocator;
    attempt.messageId = delivery.messageId;
    attempt.type = delivery.type;
    attempt.attempt = delivery.attempts + 1;
    attempt.atMs = nowMs();
    bool delivered = false;
    if (signatures.empty()) {
        attempt.error = "no signing secret can be opened with this instance's secrets key";
    } else {
        auto started = std::chrono::steady_clock::now();
        auto response = fetcher_.post({(*endpoint)->url,
                                       {{"webhook-id", delivery.messageId},
                                        {"webhook-timestamp", std::to_string(sentAt)},
                                        {"webhook-signature", signatures},
                                        {"User-Agent", "tessera-webhooks"}},
                                       delivery.payload,
                                       policy_.timeout,
                                       policy_.maxResponseBytes});
        attempt.latencyMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
        if (!response) {
            attempt.error = "no response: " + response.error().message;
        } else {
            attempt.status = int(response->status);
            delivered = response->status >= 200 && response->status < 300;
            if (!delivered) {
                attempt.error = "HTTP " + std::to_string(response->status) +
                                (response->status >= 300 && response->status < 400
                                     ? " (redirects are not followed)"
                                     : "");
            }
        }
    }
    if (delivered) {
        attempt.outcome = "delivered";
    } else {
        auto next =
            attempt.atMs + retryDelay(policy_.firstRetry, attempt.attempt, jitterUnit()).count();
        auto giveUpAt =
            (delivery.createdAt.time_since_epoch().count() + policy_.retryFor.count()) * 1000;
        attempt.outcome = next > giveUpAt ? "failed" : "retrying";
        attempt.nextAttemptMs = attempt.outcome == "retrying" ? next : 0;
    }
    auto failingSince = store_.recordWebhookAttempt(attempt, clock_.now());
    if (!failingSince) {
        spdlog::warn("a webhook attempt could not be recorded: {}", failingSince.error().message);
        return;  // the lease runs out and the delivery is tried again
    }
    if (!delivered && *failingSince && clock_.now() - **failingSince >= policy_.disableAfter)
        disable(delivery.endpointLocator, attempt.error);
}

void WebhookDispatcher::disable(const std::string& locator, const std::string& lastError) {
    AuditScope scope(nullptr, "system", "", "");
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        auto found = store_.findWebhookEndpoint(locator);
        TESSERA_TRY(found);
        store::WriteBatch batch;
        if (!*found || !(*found)->enabled) return batch;
        auto endpoint = **found;
        endpoint.enabled = false;
        endpoint.disabledReason = "failing since " +
                                  formatTimestamp(endpoint.failingSince.value_or(clock_.now())) +
                                  "; last error: " + lastError;
        batch.putWebhookEndpoints.push_back(endpoint);
        batch.events.push_back(auditEvent("auth.webhook.disable", endpoint.businessAccount,
                                          {{"endpointLocator", endpoint.locator},
                                           {"url", endpoint.url},
                                           {"reason", endpoint.disabledReason}}));
        return batch;
    });
    if (!written)
        spdlog::warn("a failing webhook endpoint could not be disabled: {}",
                     written.error().message);
}

}  // namespace tessera::service
