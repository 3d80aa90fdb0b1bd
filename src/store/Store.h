#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/Error.h"
#include "store/WriteBatch.h"

namespace tessera::store {

// One change-log row (DESIGN section 3): which entity changed, written by which instance.
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
};

struct LimitRequestQuery {
    std::string businessAccount;  // empty = all
    std::string userLocator;      // empty = all
    std::optional<domain::LimitRequestState> state;
};

// Key material shared by every instance (signing key, token pepper, secrets key), sealed with the
// master key each instance is given as a file: the store never holds it in usable form.
struct SealedKey {
    std::string name;
    std::string sealed;  // SecretBox under the master key
    domain::Timestamp createdAt{};
};

// The storage interface; SQLite is the embedded default. The only place with SQL is below it.
class Store {
  public:
    virtual ~Store() = default;

    // Everything, for start-up; also the change-log position it reflects.
    virtual Result<WriteBatch> loadAll(std::int64_t& changeSequence) = 0;
    // Atomically applies the batch and its change-log entries; durable when it returns.
    virtual Result<void> commit(const WriteBatch& batch) = 0;
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
    virtual Result<std::vector<SealedKey>> loadKeys() = 0;
    // Stores the key unless one of that name exists, and returns the stored one either way: of
    // instances initialising an empty database at the same moment, the first one wins.
    virtual Result<SealedKey> putKeyOnce(const SealedKey& key) = 0;
};

}  // namespace tessera::store
