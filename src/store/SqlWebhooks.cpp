// AUD-2 webhooks: endpoints, the outbox (messages and their deliveries, one per subscribed
// endpoint) and the delivery log. Notifications enter the outbox inside the batch's transaction;
// deliveries are leased to one instance at a time.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "store/Columns.h"
#include "store/JsonFields.h"
#include "store/SqlStore.h"

namespace tessera::store {
namespace {

using namespace tessera::domain;

// Event types kept as ",a,b," so that one LIKE finds the subscribers of a type in both dialects.
std::string encodeEventTypes(const std::vector<std::string>& types) {
    std::string out = ",";
    for (const auto& type : types) (out += type) += ',';
    return out;
}

std::vector<std::string> decodeEventTypes(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (auto comma = text.find(','); comma != std::string::npos;
         start = comma + 1, comma = text.find(',', start)) {
        if (comma > start) out.push_back(text.substr(start, comma - start));
    }
    return out;
}

std::string encodeSecrets(const std::vector<WebhookSecret>& secrets) {
    boost::json::array out;
    for (const auto& secret : secrets) {
        boost::json::object item{{"sealed", secret.sealed}};
        if (secret.retiresAt) item["retiresAt"] = seconds(*secret.retiresAt);
        out.push_back(std::move(item));
    }
    return boost::json::serialize(out);
}

std::vector<WebhookSecret> decodeSecrets(const std::string& text) {
    std::vector<WebhookSecret> out;
    auto value = parseJson(text);
    if (!value.is_array()) return out;
    for (const auto& item : value.as_array()) {
        if (!item.is_object()) continue;
        WebhookSecret secret;
        readMember(item.as_object(), "sealed", secret.sealed);
        readMember(item.as_object(), "retiresAt", secret.retiresAt);
        out.push_back(std::move(secret));
    }
    return out;
}

constexpr std::string_view kSelectEndpoint =
    "SELECT locator, business_account, url, description, event_types, secrets, enabled, "
    "disabled_reason, failing_since, created_at, created_by, revision FROM webhook_endpoints";

WebhookEndpoint readEndpoint(const SqlRow& row) {
    WebhookEndpoint endpoint;
    readColumns(row, endpoint.locator, endpoint.businessAccount, endpoint.url, endpoint.description,
                decoded(endpoint.eventTypes, decodeEventTypes),
                decoded(endpoint.secrets, decodeSecrets), endpoint.enabled, endpoint.disabledReason,
                endpoint.failingSince, endpoint.createdAt, endpoint.createdBy, endpoint.revision);
    return endpoint;
}

constexpr std::string_view kSelectAttempt =
    "SELECT locator, endpoint, message_id, type, attempt, at, status, latency_ms, outcome, error, "
    "next_attempt_at FROM webhook_attempts";

WebhookAttempt readAttempt(const SqlRow& row) {
    WebhookAttempt attempt;
    readColumns(row, attempt.locator, attempt.endpointLocator, attempt.messageId, attempt.type,
                attempt.attempt, attempt.atMs, attempt.status, attempt.latencyMs, attempt.outcome,
                attempt.error, attempt.nextAttemptMs);
    return attempt;
}

// What becomes of a delivery after an attempt with this outcome.
std::string_view deliveryState(std::string_view outcome) {
    if (outcome == "delivered") return "delivered";
    if (outcome == "failed") return "failed";
    return "pending";
}

constexpr std::int64_t kSecondsKept = 30 * 86'400;  // the outbox and the delivery log

}  // namespace

void SqlStore::writeWebhooks(SqlConnection& db, const WriteBatch& batch) {
    for (const auto& endpoint : batch.putWebhookEndpoints) {
        expectRevision(db, "webhook_endpoints", "locator", endpoint.locator, endpoint.revision);
        // failing_since is the deliveries' (recordWebhookAttempt): an endpoint enabled again
        // starts afresh, otherwise it stays as it is.
        db.prepare(
              "INSERT INTO webhook_endpoints (locator, business_account, url, description, "
              "event_types, secrets, enabled, disabled_reason, failing_since, created_at, "
              "created_by, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) "
              "ON CONFLICT (locator) DO UPDATE SET url = excluded.url, "
              "description = excluded.description, event_types = excluded.event_types, "
              "secrets = excluded.secrets, enabled = excluded.enabled, "
              "disabled_reason = excluded.disabled_reason, failing_since = CASE WHEN "
              "excluded.enabled = 1 AND webhook_endpoints.enabled = 0 THEN NULL ELSE "
              "webhook_endpoints.failing_since END, revision = excluded.revision")
            ->bindAll(endpoint.locator, endpoint.businessAccount, endpoint.url,
                      endpoint.description, encodeEventTypes(endpoint.eventTypes),
                      encodeSecrets(endpoint.secrets), std::int64_t{endpoint.enabled},
                      endpoint.disabledReason, seconds(endpoint.createdAt), endpoint.createdBy,
                      endpoint.revision)
            .run();
    }
    for (const auto& locator : batch.deleteWebhookEndpoints) {
        bool removed = db.prepare("DELETE FROM webhook_endpoints WHERE locator = ? RETURNING 1")
                           ->bind(1, locator)
                           .step();
        if (!removed) throw StaleRevision{};
    }
    for (const auto& notification : batch.notifications) {
        // A notification with a fixed id (an expiry notice) enters the outbox once, whichever
        // instance or scan offers it again.
        bool added =
            db.prepare(
                  "INSERT INTO webhook_messages (id, business_account, type, created_at, "
                  "payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING 1")
                ->bindAll(notification.id, notification.businessAccount, notification.type,
                          seconds(notification.timestamp), notification.payload)
                .step();
        if (!added) continue;
        auto due = seconds(notification.timestamp) * 1000;
        if (!notification.onlyEndpoint.empty()) {
            db.prepare(
                  "INSERT INTO webhook_deliveries (message_id, endpoint, state, attempts, "
                  "next_attempt_at, lease_owner, lease_until) SELECT ?, locator, 'pending', 0, ?, "
                  "'', 0 FROM webhook_endpoints WHERE locator = ? AND business_account = ?")
                ->bindAll(notification.id, due, notification.onlyEndpoint,
                          notification.businessAccount)
                .run();
            continue;
        }
        db.prepare(
              "INSERT INTO webhook_deliveries (message_id, endpoint, state, attempts, "
              "next_attempt_at, lease_owner, lease_until) SELECT ?, locator, 'pending', 0, ?, '', "
              "0 FROM webhook_endpoints WHERE business_account = ? AND enabled = 1 AND "
              "event_types LIKE ?")
            ->bindAll(notification.id, due, notification.businessAccount,
                      "%," + notification.type + ",%")
            .run();
    }
}

Result<std::vector<WebhookEndpoint>> SqlStore::listWebhookEndpoints(
    std::string_view businessAccount) {
    return selectRows(std::string(kSelectEndpoint) + " WHERE business_account = ? ORDER BY locator",
                      readEndpoint, businessAccount);
}

Result<std::optional<WebhookEndpoint>> SqlStore::findWebhookEndpoint(std::string_view locator) {
    return selectRow(std::string(kSelectEndpoint) + " WHERE locator = ?", readEndpoint, locator);
}

Result<std::vector<WebhookDelivery>> SqlStore::claimWebhookDeliveries(const DeliveryClaim& claim) {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<WebhookDelivery>> {
        SqlTransaction transaction(db, dialect_.beginWrite);
        // The outer lease_until test makes a row another instance leased meanwhile drop out
        // (PostgreSQL re-checks it on the locked row); SKIP LOCKED lets instances share the work.
        auto lease = db.prepare(
            "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE lease_until <= ? "
            "AND (message_id, endpoint) IN (SELECT message_id, endpoint FROM webhook_deliveries "
            "WHERE state = 'pending' AND next_attempt_at <= ? AND lease_until <= ? AND endpoint "
            "IN (SELECT locator FROM webhook_endpoints WHERE enabled = 1) ORDER BY "
            "next_attempt_at LIMIT ?" +
            std::string(dialect_.skipLocked) + ") RETURNING message_id, endpoint, attempts");
        lease->bindAll(claim.owner, claim.leaseUntilMs, claim.nowMs, claim.nowMs, claim.nowMs,
                       std::int64_t(claim.limit));
        std::vector<WebhookDelivery> out;
        while (lease->step()) {
            WebhookDelivery delivery;
            readColumns(*lease, delivery.messageId, delivery.endpointLocator, delivery.attempts);
            out.push_back(std::move(delivery));
        }
        for (auto& delivery : out) {
            auto message =
                db.prepare("SELECT type, payload, created_at FROM webhook_messages WHERE id = ?");
            message->bind(1, delivery.messageId);
            if (message->step())
                readColumns(*message, delivery.type, delivery.payload, delivery.createdAt);
        }
        transaction.commit();
        return out;
    });
}

Result<std::optional<Timestamp>> SqlStore::recordWebhookAttempt(const WebhookAttempt& attempt,
                                                                Timestamp now) {
    return onConnection([&](SqlConnection& db) -> Result<std::optional<Timestamp>> {
        SqlTransaction transaction(db, dialect_.beginWrite);
        bool delivered = attempt.outcome == "delivered";
        auto health = db.prepare(
            delivered ? "UPDATE webhook_endpoints SET failing_since = NULL WHERE locator = ? "
                        "RETURNING failing_since"
                      : "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, ?) "
                        "WHERE locator = ? RETURNING failing_since");
        if (delivered) {
            health->bind(1, attempt.endpointLocator);
        } else {
            health->bindAll(seconds(now), attempt.endpointLocator);
        }
        if (!health->step()) return std::optional<Timestamp>{};  // deleted meanwhile
        std::optional<Timestamp> failingSince;
        readColumns(*health, failingSince);
        health.reset();
        db.prepare(
              "INSERT INTO webhook_attempts (locator, endpoint, message_id, type, attempt, at, "
              "status, latency_ms, outcome, error, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?)")
            ->bindAll(attempt.locator, attempt.endpointLocator, attempt.messageId, attempt.type,
                      attempt.attempt, attempt.atMs, std::int64_t{attempt.status},
                      attempt.latencyMs, attempt.outcome, attempt.error, attempt.nextAttemptMs)
            .run();
        db.prepare(
              "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, "
              "lease_owner = '', lease_until = 0 WHERE message_id = ? AND endpoint = ?")
            ->bindAll(deliveryState(attempt.outcome), attempt.attempt, attempt.nextAttemptMs,
                      attempt.messageId, attempt.endpointLocator)
            .run();
        transaction.commit();
        return failingSince;
    });
}

Result<std::vector<WebhookAttempt>> SqlStore::listWebhookAttempts(
    const WebhookAttemptQuery& query) {
    return selectRows(std::string(kSelectAttempt) +
                          " WHERE endpoint = ? AND (? = '' OR locator < ?) ORDER BY locator DESC "
                          "LIMIT ?",
                      readAttempt, query.endpointLocator, query.beforeLocator, query.beforeLocator,
                      std::int64_t(query.limit));
}

Result<std::vector<std::string>> SqlStore::knownNotifications(const std::vector<std::string>& ids) {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        for (const auto& id : ids) {
            if (db.prepare("SELECT 1 FROM webhook_messages WHERE id = ?")->bind(1, id).step())
                out.push_back(id);
        }
        return out;
    });
}

Result<std::vector<ExpiringToken>> SqlStore::tokensExpiring(Timestamp after, Timestamp until,
                                                            std::size_t limit) {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<ExpiringToken>> {
        auto query = db.prepare(
            "SELECT t.locator, t.name, t.owner, u.user_name, u.business_account, "
            "u.service_account, t.created_at, t.expires_at FROM tokens t JOIN users u ON u.locator "
            "= t.owner "
            "WHERE t.expires_at > ? AND t.expires_at <= ? ORDER BY t.expires_at, t.locator "
            "LIMIT ?");
        query->bindAll(seconds(after), seconds(until), std::int64_t(limit));
        std::vector<ExpiringToken> out;
        while (query->step()) {
            ExpiringToken token;
            auto& facts = token.token;
            readColumns(*query, facts.locator, facts.name, facts.ownerLocator, facts.ownerName,
                        facts.businessAccount, facts.serviceAccount, token.createdAt,
                        facts.expiresAt);
            out.push_back(std::move(token));
        }
        return out;
    });
}

void SqlStore::pruneWebhooks(SqlConnection& db, Timestamp now) {
    auto before = seconds(now) - kSecondsKept;
    // A message still pending somewhere stays (its deliveries give up after a day anyway).
    db.prepare(
          "DELETE FROM webhook_messages WHERE created_at <= ? AND NOT EXISTS (SELECT 1 FROM "
          "webhook_deliveries d WHERE d.message_id = webhook_messages.id AND d.state = "
          "'pending')")
        ->bind(1, before)
        .run();
    db.prepare("DELETE FROM webhook_attempts WHERE at <= ?")->bind(1, before * 1000).run();
}

}  // namespace tessera::store
