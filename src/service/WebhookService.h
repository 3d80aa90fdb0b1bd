#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/Random.h"
#include "crypto/SecretBox.h"
#include "domain/WebhookEndpoint.h"
#include "service/Clock.h"
#include "service/Principal.h"
#include "service/Writer.h"

namespace tessera::service {

struct WebhookEndpointRequest {
    std::string url;
    std::string description;
    std::vector<std::string> eventTypes;
};

// The endpoint and its signing secret, which is shown this once (stored sealed).
struct EndpointWithSecret {
    domain::WebhookEndpoint endpoint;
    std::string secret;
};

struct DeliveryPage {
    std::vector<store::WebhookAttempt> attempts;  // newest first
    bool more = false;
};

// AUD-2: a business account's webhook endpoints, managed by its administrators (the routes'
// webhooks.* permissions); every change is audited. Store reads and writes: worker threads only.
class WebhookService {
  public:
    static constexpr std::chrono::seconds kDefaultGrace{24 * 3600};
    static constexpr std::chrono::seconds kLongestGrace{7 * 24 * 3600};

    WebhookService(Writer& writer, const crypto::SecretBox& secrets, crypto::Random& random,
                   const Clock& clock,
                   domain::LoopbackEndpoints loopback = domain::LoopbackEndpoints::Refused)
        : writer_(writer), secrets_(secrets), random_(random), clock_(clock), loopback_(loopback) {}

    Result<EndpointWithSecret> create(const Principal& caller,
                                      const WebhookEndpointRequest& request);
    Result<std::vector<domain::WebhookEndpoint>> list(const Principal& caller);
    Result<domain::WebhookEndpoint> get(const Principal& caller, std::string_view locator);
    Result<void> remove(const Principal& caller, std::string_view locator);
    // A new secret signs from now on; the previous one signs beside it for `grace` (0: stops
    // at once), so receivers can switch without missing a delivery.
    Result<EndpointWithSecret> rotateSecret(const Principal& caller, std::string_view locator,
                                            std::chrono::seconds grace);
    // An endpoint disabled after failing takes deliveries again.
    Result<domain::WebhookEndpoint> enable(const Principal& caller, std::string_view locator);
    // A webhook.test event to this endpoint alone, through the outbox like any other; returns
    // its webhook-id.
    Result<std::string> sendTest(const Principal& caller, std::string_view locator);
    Result<DeliveryPage> deliveries(const Principal& caller, std::string_view locator,
                                    std::string before, std::size_t limit);

  private:
    // The caller's business account's endpoint, read from the store.
    Result<domain::WebhookEndpoint> find(const Principal& caller, std::string_view locator);
    domain::WebhookSecret sealedSecret(const std::string& secret) const;

    Writer& writer_;
    const crypto::SecretBox& secrets_;
    crypto::Random& random_;
    const Clock& clock_;
    domain::LoopbackEndpoints loopback_;
};

}  // namespace tessera::service
