#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/AuditEvent.h"
#include "domain/BusinessAccount.h"
#include "domain/IdentityProvider.h"
#include "domain/LimitRequest.h"
#include "domain/Notification.h"
#include "domain/PersonalAccessToken.h"
#include "domain/Role.h"
#include "domain/Session.h"
#include "domain/Tenant.h"
#include "domain/User.h"
#include "domain/WebhookEndpoint.h"

namespace tessera::store {

// The stored role must still have this version, or the whole batch fails (ROLE-1).
struct RoleVersionCheck {
    std::string locator;
    std::int64_t expectedVersion = 0;
};

// The owner must hold fewer than `limit` live tokens, checked inside the write (PAT-6).
struct TokenLimitCheck {
    std::string ownerLocator;
    int limit = 0;
    domain::Timestamp now{};
};

// A login or refresh: only the user's session times change (credentialStatus).
struct SessionTouch {
    std::string userLocator;
    std::optional<domain::Timestamp> startedAt;  // set by a login, not by a refresh
    domain::Timestamp accessedAt{};
};

// Everything one use case writes: applied in one transaction with its change-log entries, then
// applied in the same shape to the in-memory Directory.
struct WriteBatch {
    std::vector<domain::BusinessAccount> putBusinessAccounts;
    std::vector<domain::Tenant> putTenants;
    std::vector<domain::Role> putRoles;
    std::vector<std::string> deleteRoles;
    std::vector<domain::User> putUsers;
    std::vector<std::string> deleteUsers;
    std::vector<domain::PersonalAccessToken> putTokens;
    std::vector<std::string> deleteTokens;
    std::vector<domain::Session> putSessions;
    std::vector<SessionTouch> sessionTouches;
    std::vector<std::string> deleteSessions;
    std::vector<domain::LimitRequest> putLimitRequests;
    std::vector<domain::IdentityProvider> putIdentityProviders;
    std::vector<std::pair<std::string, std::string>> deleteIdentityProviders;  // (ba, id)
    // AUD-2: endpoints are store rows only (the hot path never reads them). A put writes what
    // their owners set; failingSince belongs to the deliveries and is left as it is (an
    // endpoint enabled again starts without it).
    std::vector<domain::WebhookEndpoint> putWebhookEndpoints;
    std::vector<std::string> deleteWebhookEndpoints;
    // AUD-1: recorded in the same transaction as the change they describe.
    std::vector<domain::AuditEvent> events;
    // AUD-2: into the outbox in the same transaction, one delivery per subscribed endpoint.
    std::vector<domain::Notification> notifications;
    std::optional<RoleVersionCheck> roleVersion;
    std::optional<TokenLimitCheck> tokenLimit;

    bool empty() const {
        return putBusinessAccounts.empty() && putTenants.empty() && putRoles.empty() &&
               deleteRoles.empty() && putUsers.empty() && deleteUsers.empty() &&
               putTokens.empty() && deleteTokens.empty() && putSessions.empty() &&
               deleteSessions.empty() && sessionTouches.empty() && putLimitRequests.empty() &&
               events.empty() && putIdentityProviders.empty() && deleteIdentityProviders.empty() &&
               putWebhookEndpoints.empty() && deleteWebhookEndpoints.empty() &&
               notifications.empty();
    }
};

}  // namespace tessera::store
