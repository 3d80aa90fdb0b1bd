#pragma once

#include <optional>
#include <string>

#include "domain/Timestamp.h"

namespace tessera::domain {

// How every token notification names its token: by name and locator with its owner, never by
// value.
struct TokenFacts {
    std::string locator;
    std::string name;
    std::string ownerLocator;
    std::string ownerName;
    std::string businessAccount;
    bool serviceAccount = false;
    std::optional<Timestamp> expiresAt;
};

// AUD-2: something a person should act on, written to the outbox in the same transaction as its
// cause and delivered to every endpoint of the business account that subscribed to its type.
// `data` never holds a secret: tokens are named by name and locator, never by value.
struct Notification {
    std::string id;  // the webhook-id: empty, the writer assigns msg_<ULID>; set, delivered once
    std::string businessAccount;
    std::string type;          // e.g. token.expiring (webhookEventTypes)
    std::string onlyEndpoint;  // a test event goes to this endpoint alone
    std::string data;          // a JSON object: the payload's "data"
    // Set by the writer when it commits.
    Timestamp timestamp{};
    std::string payload;  // {"type", "timestamp", "data"}: the body every delivery sends
};

}  // namespace tessera::domain
