#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/Error.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// AUD-2: the event types an endpoint can subscribe to (docs/webhooks.md), and `webhook.test`,
// which only the test-event call sends.
const std::vector<std::string_view>& webhookEventTypes();
inline constexpr std::string_view kWebhookTestEvent = "webhook.test";

// A signing secret, sealed with the secrets key. After a rotation the previous one keeps signing
// beside the new one until `retiresAt`, so receivers can switch without losing a delivery.
struct WebhookSecret {
    std::string sealed;
    std::optional<Timestamp> retiresAt;  // empty: the current secret
};

// AUD-2: where a business account's notifications are delivered, signed per the Standard
// Webhooks specification.
struct WebhookEndpoint {
    std::string locator;
    std::string businessAccount;
    std::string url;
    std::string description;
    std::vector<std::string> eventTypes;  // subscribed, in catalogue order
    std::vector<WebhookSecret> secrets;   // the current one first
    bool enabled = true;
    std::string disabledReason;             // why it was disabled (empty while enabled)
    std::optional<Timestamp> failingSince;  // first failed attempt since the last success
    Timestamp createdAt{};
    std::string createdBy;
    std::int64_t revision = 0;
};

inline constexpr int kMaxWebhookEndpoints = 20;  // per business account
inline constexpr std::size_t kMaxWebhookUrlLength = 2048;
inline constexpr std::size_t kMaxWebhookDescriptionLength = 200;

// Whether an endpoint may be on this host itself (127.0.0.0/8, [::1], localhost): only when the
// operator allowed it (tests, a local relay); otherwise a webhook could probe the host's own
// services.
enum class LoopbackEndpoints { Refused, Allowed };

// https, or plain http on an allowed loopback address; no credentials or fragment in the URL, no
// white space or control characters.
Result<void> validateWebhookUrl(std::string_view url,
                                LoopbackEndpoints loopback = LoopbackEndpoints::Refused);
// At least one, each a known type (unknown ones are all reported); returned in catalogue order
// without repeats.
Result<std::vector<std::string>> normaliseWebhookEventTypes(const std::vector<std::string>& types);
// The secrets that sign at `now`: the current one, and a previous one still in its grace period.
std::vector<const WebhookSecret*> signingSecrets(const WebhookEndpoint& endpoint, Timestamp now);

}  // namespace tessera::domain
