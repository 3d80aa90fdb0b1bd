#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crypto/Random.h"
#include "crypto/SecretBox.h"
#include "service/Clock.h"
#include "service/HttpFetcher.h"
#include "service/Writer.h"
#include "store/Store.h"

namespace tessera::service {

struct WebhookDeliveryPolicy {
    int workers = 2;
    std::chrono::milliseconds firstRetry{1000};    // then doubling, with jitter, up to an hour
    std::chrono::seconds retryFor{24 * 3600};      // after this a message is given up
    std::chrono::milliseconds timeout{10'000};     // per attempt
    std::chrono::seconds disableAfter{24 * 3600};  // an endpoint failing this long is disabled
    std::size_t maxResponseBytes = 64 * 1024;
    std::chrono::milliseconds poll{1000};  // for retries and other instances' notifications
};

// The delay before attempt `attempt + 1` after `attempt` failed: `first` doubled per attempt,
// capped at an hour, times a jitter factor in [0.75, 1.25) from `unit` in [0, 1).
std::chrono::milliseconds retryDelay(std::chrono::milliseconds first, std::int64_t attempt,
                                     double unit);

// AUD-2: delivers the outbox on worker threads of its own (never an I/O thread), per the
// Standard Webhooks specification: each delivery is leased to one instance, POSTed with its
// webhook-id, webhook-timestamp and webhook-signature headers, and logged; a failure is retried
// with backoff under the same webhook-id until `retryFor` has passed. An endpoint that has
// failed for `disableAfter` is disabled, and an audit event says so.
class WebhookDispatcher {
  public:
    WebhookDispatcher(store::Store& store, Writer& writer, HttpFetcher& fetcher,
                      const crypto::SecretBox& secrets, crypto::Random& random, const Clock& clock,
                      std::string instance, WebhookDeliveryPolicy policy);
    ~WebhookDispatcher();  // stop()
    // Starts the delivery threads (after whatever they use is wired up).
    void start();
    // Finishes the attempts under way and joins the threads; what is left stays in the outbox.
    void stop();
    WebhookDispatcher(const WebhookDispatcher&) = delete;
    WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

    // Notifications were committed: look now rather than at the next poll.
    void wake();

  private:
    void work();
    void deliver(const store::WebhookDelivery& delivery);
    void disable(const std::string& locator, const std::string& lastError);
    double jitterUnit();

    store::Store& store_;
    Writer& writer_;
    HttpFetcher& fetcher_;
    const crypto::SecretBox& secrets_;
    crypto::Random& random_;
    const Clock& clock_;
    std::string instance_;
    WebhookDeliveryPolicy policy_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::uint64_t wakeups_ = 0;  // under mutex_
    bool stopping_ = false;
    std::mutex randomMutex_;
    std::vector<std::thread> threads_;
};

}  // namespace tessera::service
