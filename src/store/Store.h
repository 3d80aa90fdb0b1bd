#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/Error.h"
#include "domain/Notification.h"
#include "store/WriteBatch.h"

namespace tessera::store {

// One change-log row (docs/architecture.md): which entity changed, written by which instance.
struct ChangeEntry {
    std::int64_t sequence = 0;
    std::string entity;  // business_account, tenant, role, user, token, session
    std::string key;
    std::string origin;  // the writing instance
};

struct TokenUse {
    std::string locator;
    domain::Timestamp at{};
    std::string ip;
};

// AUD-1 reads: one business account's events, oldest first, in pages.
struct EventQuery {
    std::string businessAccount;
    std::optional<domain::Timestamp> from;  // inclusive
    std::optional<domain::Timestamp> to;    // exclusive
    std::string type;                       // exact, or a prefix when it ends with '*'; empty = all
    std::string afterLocator;               // paging: events after this one
    size_t limit = 100;
    std::string actorLocator = {};  // exact; empty = every actor
};

struct LimitRequestQuery {
    std::string businessAccount;  // empty = all
    std::string userLocator;      // empty = all
    std::optional<domain::LimitRequestState> state;
};

// AUD-2: a delivery due now, leased to one instance until `leaseUntilMs` (another instance takes
// it over only after that: at least once, never two at a time).
struct WebhookDelivery {
    std::string messageId;
    std::string endpointLocator;
    std::string type;
    std::string payload;
    std::int64_t attempts = 0;  // made before this one
    domain::Timestamp createdAt{};
};

struct DeliveryClaim {
    std::string owner;  // the instance
    std::int64_t nowMs = 0;
    std::int64_t leaseUntilMs = 0;
    std::size_t limit = 16;
};

// One attempt, for the delivery log; `outcome` is what became of the delivery: delivered,
// retrying (with `nextAttemptMs`) or failed (given up).
struct WebhookAttempt {
    std::string locator;  // ULID: newest last
    std::string endpointLocator;
    std::string messageId;
    std::string type;
    std::int64_t attempt = 0;  // from 1
    std::int64_t atMs = 0;
    int status = 0;  // the HTTP status; 0 when there was no response
    std::int64_t latencyMs = 0;
    std::string outcome;
    std::string error;
    std::int64_t nextAttemptMs = 0;
};

struct WebhookAttemptQuery {
    std::string endpointLocator;
    std::string beforeLocator;  // paging, newest first: attempts before this one
    std::size_t limit = 50;
};

// A token whose expiry falls in a window (AUD-2 expiry notices), with its owner.
struct ExpiringToken {
    domain::TokenFacts token;  // its expiresAt is set
    domain::Timestamp createdAt{};
};

// Key material shared by every instance (signing key, token pepper, secrets key), sealed with the
// master key each instance is given as a file: the store never holds it in usable form.
struct SealedKey {
    std::string name;
    std::string sealed;  // SecretBox under the master key
    domain::Timestamp createdAt{};
};

// A login attempt counter every instance shares (JWT-3 lockouts, rate limits): failures counted
// in a window that starts at the first one, and the lockout the count reached.
struct AttemptCounter {
    std::int64_t count = 0;
    domain::Timestamp since{};
    domain::Timestamp lockedUntil{};
};

struct CountAttempt {
    std::string_view kind;  // e.g. "login-user"
    std::string_view key;   // a digest, never a secret as typed
    domain::Timestamp now{};
    std::chrono::seconds window{};  // an older count starts again at 1
    std::int64_t limit = 0;         // reaching it locks the key until now + lockout
    std::chrono::seconds lockout{};
};

// Database failures this process met, by kind, across every store it opened (for /metrics). A
// constraint violation is an answer (409), not a failure, and is not counted.
struct StoreFailureCounts {
    std::uint64_t unavailable = 0;  // out of reach, full, or the connection lost
    std::uint64_t busy = 0;         // contention between writers (retried)
    std::uint64_t failed = 0;       // anything else (logged as an error)
};
StoreFailureCounts storeFailureCounts();

// Wakes a follower when another writer committed (PostgreSQL LISTEN/NOTIFY). It runs on the
// background thread, never on an I/O thread.
class ChangeSignal {
  public:
    virtual ~ChangeSignal() = default;
    // Waits up to `timeout`: true when another writer signalled, or when the connection was
    // re-established (signals may have been missed: read the log); false on a quiet timeout.
    // An error when the database cannot be reached (the next call tries again, after a backoff).
    virtual Result<bool> wait(std::chrono::milliseconds timeout) = 0;
    // Ends a wait from another thread (shutdown).
    virtual void interrupt() = 0;
};

// The storage interface; SQLite is the embedded default. The only place with SQL is below it.
class Store {
  public:
    virtual ~Store() = default;

    // Everything, for start-up, from one consistent snapshot, handed to `take` in chunks:
    // business accounts, tenants, roles and users first, then tokens and sessions some thousands
    // at a time, so that start-up never holds a second copy of the whole store. Also the
    // change-log position it reflects.
    // `expectTokens` learns how many tokens will follow, before the first token chunk, so that
    // the indexes are sized once.
    virtual Result<void> loadInChunks(std::int64_t& changeSequence,
                                      const std::function<void(WriteBatch&)>& take,
                                      const std::function<void(std::size_t)>& expectTokens) = 0;
    // Everything in one batch (operator commands, the consistency check, tests).
    Result<WriteBatch> loadAll(std::int64_t& changeSequence);
    // Atomically applies the batch and its change-log entries; durable when it returns.
    virtual Result<void> commit(const WriteBatch& batch) = 0;
    // Group commit: the batches in one transaction, so one durable flush serves them all. Each
    // is written in order in its own savepoint; one whose checks fail (revision, PAT limit, a
    // unique name) is rolled back alone and reported in its slot while the others commit. A
    // failure of the transaction itself is reported in every slot.
    virtual std::vector<Result<void>> commitTogether(
        std::span<const WriteBatch* const> batches) = 0;
    // At most kChangesPerRead entries after `sequence`, oldest first: a reader that got a full
    // read asks again from where it stopped.
    static constexpr std::size_t kChangesPerRead = 10000;
    virtual Result<std::vector<ChangeEntry>> changesAfter(std::int64_t sequence) = 0;
    // The current rows for the changed entities: puts for those that exist, deletes for the rest.
    virtual Result<WriteBatch> reload(const std::vector<ChangeEntry>& changes) = 0;
    // `lastUsedAt`/`lastUsedIp`, flushed in batches; not part of the change log.
    virtual Result<void> recordTokenUse(const std::vector<TokenUse>& uses) = 0;
    // Not held in memory: read from the store when asked (never on the hot path).
    virtual Result<std::vector<domain::AuditEvent>> listEvents(const EventQuery& query) = 0;
    virtual Result<std::vector<domain::LimitRequest>> listLimitRequests(
        const LimitRequestQuery& query) = 0;
    virtual Result<std::optional<domain::LimitRequest>> findLimitRequest(
        std::string_view locator) = 0;
    virtual Result<std::vector<domain::IdentityProvider>> listIdentityProviders(
        std::string_view businessAccount) = 0;
    // AUD-2 webhooks: endpoints, the outbox and its delivery log (never on an I/O thread).
    virtual Result<std::vector<domain::WebhookEndpoint>> listWebhookEndpoints(
        std::string_view businessAccount) = 0;
    virtual Result<std::optional<domain::WebhookEndpoint>> findWebhookEndpoint(
        std::string_view locator) = 0;
    // Leases up to `limit` pending deliveries that are due, to enabled endpoints, oldest first.
    virtual Result<std::vector<WebhookDelivery>> claimWebhookDeliveries(
        const DeliveryClaim& claim) = 0;
    // Logs the attempt, settles or reschedules the delivery and keeps the endpoint's
    // failingSince; returns that (empty: the endpoint is healthy).
    virtual Result<std::optional<domain::Timestamp>> recordWebhookAttempt(
        const WebhookAttempt& attempt, domain::Timestamp now) = 0;
    virtual Result<std::vector<WebhookAttempt>> listWebhookAttempts(
        const WebhookAttemptQuery& query) = 0;
    // Which of these notification ids are already in the outbox.
    virtual Result<std::vector<std::string>> knownNotifications(
        const std::vector<std::string>& ids) = 0;
    // Tokens with after < expiresAt <= until, soonest first, at most `limit`.
    virtual Result<std::vector<ExpiringToken>> tokensExpiring(domain::Timestamp after,
                                                              domain::Timestamp until,
                                                              std::size_t limit) = 0;
    virtual Result<std::vector<SealedKey>> loadKeys() = 0;
    // Stores the key unless one of that name exists, and returns the stored one either way: of
    // instances initialising an empty database at the same moment, the first one wins.
    virtual Result<SealedKey> putKeyOnce(const SealedKey& key) = 0;
    // Replaces (or adds) a key: signing-key rotation. Operator commands only.
    virtual Result<void> replaceKeys(const std::vector<SealedKey>& put,
                                     const std::vector<std::string>& remove) = 0;

    // Short-lived state every instance must see: SSO logins under way, one-time codes, the SAML
    // replay guard. `putTransient` stores the value unless a live one holds the key (then false).
    virtual Result<bool> putTransient(std::string_view kind, std::string_view key,
                                      std::string_view value, domain::Timestamp expiresAt,
                                      domain::Timestamp now) = 0;
    // Removes and returns a live value: one use, on whichever instance asks first.
    virtual Result<std::optional<std::string>> takeTransient(std::string_view kind,
                                                             std::string_view key,
                                                             domain::Timestamp now) = 0;
    virtual Result<AttemptCounter> countAttempt(const CountAttempt& attempt) = 0;
    virtual Result<std::optional<AttemptCounter>> readCounter(std::string_view kind,
                                                              std::string_view key) = 0;
    virtual Result<void> clearCounter(std::string_view kind, std::string_view key) = 0;
    // Forgets expired transient state, counters whose window and lockout have ended, and webhook
    // messages and delivery-log entries older than 30 days.
    virtual Result<void> pruneShortLived(domain::Timestamp now) = 0;
    // `tessera admin check-store`: rows whose parent row is missing and change-log numbering
    // problems, each described in a sentence (none: consistent).
    virtual Result<std::vector<std::string>> findInconsistencies() = 0;

    // A signal for following changes, when the backend has one (otherwise the log is polled).
    virtual std::unique_ptr<ChangeSignal> listen() { return nullptr; }
};

}  // namespace tessera::store
