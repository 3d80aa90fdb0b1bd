#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/AuditEvent.h"
#include "domain/LimitRequest.h"
#include "domain/Notification.h"
#include "domain/PersonalAccessToken.h"
#include "domain/User.h"
#include "domain/WebhookEndpoint.h"

namespace tessera::service {

// AUD-2: the notifications Tessera sends, each built here so that every body names a token the
// same way (docs/webhooks.md has the catalogue with examples).

using domain::TokenFacts;
TokenFacts tokenFacts(const domain::PersonalAccessToken& token, const domain::User& owner);

// Lists that go with a token event (e.g. lostPermissions), in the order given.
using NamedLists = std::vector<std::pair<std::string, std::vector<std::string>>>;

domain::Notification tokenNotification(std::string_view type, const TokenFacts& token,
                                       const NamedLists& lists = {});
// token.expiring: `noticeSeconds` before the expiry (the horizon that was crossed).
domain::Notification tokenExpiringNotification(const TokenFacts& token, std::int64_t noticeSeconds);
domain::Notification userLockedNotification(const domain::User& user,
                                            domain::Timestamp lockedUntil);
domain::Notification limitRequestDecidedNotification(const domain::LimitRequest& request,
                                                     const domain::User& person);
domain::Notification testNotification(const domain::WebhookEndpoint& endpoint);

// Gives the notification its id (unless it has one), time and body.
void stampNotification(domain::Notification& notification, std::string id, domain::Timestamp now);
// The audit-trail entry that goes with a notification (AUD-1): its data flattened to dotted
// names, lists comma-separated, with the message id.
domain::AuditEvent notificationAuditEvent(const domain::Notification& notification);

}  // namespace tessera::service
