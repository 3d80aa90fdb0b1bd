#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "store/Sql.h"
#include "store/Store.h"

namespace tessera::store {

template <class Row>
struct Entity;

// The store on a SQL database, whichever: every row, the change log and the checks a write
// makes in its transaction (revisions, the PAT limit, the role version) are written once here
// and run on SQLite (the embedded default) and PostgreSQL (scale-out) alike.
class SqlStore : public Store {
  public:
    using Connect = std::function<std::unique_ptr<SqlConnection>()>;

    // `origin` names this instance in the change log so it can skip its own entries. `connect`
    // opens one connection; `poolSize` of them serve the worker threads.
    SqlStore(const SqlDialect& dialect, const Connect& connect, int poolSize, std::string origin);
    const std::string& origin() const { return origin_; }

    Result<void> loadInChunks(std::int64_t& changeSequence,
                              const std::function<void(WriteBatch&)>& take,
                              const std::function<void(std::size_t)>& expectTokens) override;
    Result<void> commit(const WriteBatch& batch) override;
    std::vector<Result<void>> commitTogether(std::span<const WriteBatch* const> batches) override;
    Result<std::vector<ChangeEntry>> changesAfter(std::int64_t sequence) override;
    Result<WriteBatch> reload(const std::vector<ChangeEntry>& changes) override;
    Result<void> recordTokenUse(const std::vector<TokenUse>& uses) override;
    Result<std::vector<domain::AuditEvent>> listEvents(const EventQuery& query) override;
    Result<std::vector<domain::LimitRequest>> listLimitRequests(
        const LimitRequestQuery& query) override;
    Result<std::optional<domain::LimitRequest>> findLimitRequest(std::string_view locator) override;
    Result<std::vector<domain::IdentityProvider>> listIdentityProviders(
        std::string_view businessAccount) override;
    Result<std::vector<domain::WebhookEndpoint>> listWebhookEndpoints(
        std::string_view businessAccount) override;
    Result<std::optional<domain::WebhookEndpoint>> findWebhookEndpoint(
        std::string_view locator) override;
    Result<std::vector<WebhookDelivery>> claimWebhookDeliveries(
        const DeliveryClaim& claim) override;
    Result<std::optional<domain::Timestamp>> recordWebhookAttempt(const WebhookAttempt& attempt,
                                                                  domain::Timestamp now) override;
    Result<std::vector<WebhookAttempt>> listWebhookAttempts(
        const WebhookAttemptQuery& query) override;
    Result<std::vector<std::string>> knownNotifications(
        const std::vector<std::string>& ids) override;
    Result<std::vector<ExpiringToken>> tokensExpiring(domain::Timestamp after,
                                                      domain::Timestamp until,
                                                      std::size_t limit) override;
    Result<std::vector<SealedKey>> loadKeys() override;
    Result<SealedKey> putKeyOnce(const SealedKey& key) override;
    Result<void> replaceKeys(const std::vector<SealedKey>& put,
                             const std::vector<std::string>& remove) override;
    Result<bool> putTransient(std::string_view kind, std::string_view key, std::string_view value,
                              domain::Timestamp expiresAt, domain::Timestamp now) override;
    Result<std::optional<std::string>> takeTransient(std::string_view kind, std::string_view key,
                                                     domain::Timestamp now) override;
    Result<AttemptCounter> countAttempt(const CountAttempt& attempt) override;
    Result<std::optional<AttemptCounter>> readCounter(std::string_view kind,
                                                      std::string_view key) override;
    Result<void> clearCounter(std::string_view kind, std::string_view key) override;
    Result<void> pruneShortLived(domain::Timestamp now) override;
    Result<std::vector<std::string>> findInconsistencies() override;

    int schemaVersion();

  protected:
    // One connection for one operation; waits while all are in use.
    class Lease {
      public:
        Lease(SqlStore& store, std::unique_ptr<SqlConnection> connection)
            : store_(store), connection_(std::move(connection)) {}
        ~Lease() { store_.giveBack(std::move(connection_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        SqlConnection& operator*() { return *connection_; }

      private:
        SqlStore& store_;
        std::unique_ptr<SqlConnection> connection_;
    };
    Lease lease();
    // A failed operation as the caller sees it: 409 for a constraint, 503 when the database is
    // out of reach, busy or full (logged at most once a second), 500 otherwise (logged).
    static Error storeFailure(const SqlFailure& failure);
    // Runs `operation` on a leased connection: what it returns, or the database failure it
    // throws as the caller's error (storeFailure).
    template <class Operation>
    auto onConnection(Operation&& operation) -> std::invoke_result_t<Operation&, SqlConnection&> {
        auto lease = this->lease();
        try {
            return operation(*lease);
        } catch (const SqlFailure& failure) {
            return std::unexpected(storeFailure(failure));
        }
    }

    // Every row `sql` selects with `values` bound to its parameters, each read by `read`.
    template <class Read, class... Values>
    auto selectRows(const std::string& sql, Read read, const Values&... values)
        -> Result<std::vector<std::invoke_result_t<Read&, const SqlRow&>>> {
        using Row = std::invoke_result_t<Read&, const SqlRow&>;
        return onConnection([&](SqlConnection& db) -> Result<std::vector<Row>> {
            auto select = db.prepare(sql);
            select->bindAll(values...);
            std::vector<Row> out;
            while (select->step()) out.push_back(read(*select));
            return out;
        });
    }
    // The first row `sql` selects, if any.
    template <class Read, class... Values>
    auto selectRow(const std::string& sql, Read read, const Values&... values)
        -> Result<std::optional<std::invoke_result_t<Read&, const SqlRow&>>> {
        auto rows = selectRows(sql + " LIMIT 1", read, values...);
        TESSERA_TRY(rows);
        if (rows->empty()) return std::nullopt;
        return std::move(rows->front());
    }

  private:
    void giveBack(std::unique_ptr<SqlConnection> connection);
    void migrate(SqlConnection& db);
    // One batch's checks and rows in the open transaction: a check that fails is returned, a
    // database failure thrown.
    Result<void> writeChecked(SqlConnection& db, const WriteBatch& batch);
    // The batches in one transaction (a savepoint each when there are several); `contended`
    // tells a failure from contention between writers.
    std::vector<Result<void>> commitInOneTransaction(std::span<const WriteBatch* const> batches,
                                                     bool& contended);
    void writeBatch(SqlConnection& db, const WriteBatch& batch);
    // Every row of one kind the batch puts, or every one it deletes (SqlStore.cpp: Entity).
    template <class Row>
    void putRows(SqlConnection& db, const Entity<Row>& entity, const WriteBatch& batch);
    template <class Row>
    void deleteRows(SqlConnection& db, const Entity<Row>& entity, const WriteBatch& batch);
    void appendChange(SqlConnection& db, std::string_view entity, std::string_view key);
    // Before COMMIT of a write: tells the other instances (the dialect's afterWrite).
    void announceWrite(SqlConnection& db);
    // A put names the revision it writes: the stored row must be one below (a new row, revision
    // 1: absent), or another writer changed it since the write was prepared (StaleRevision).
    struct StaleRevision {};
    void expectRevision(SqlConnection& db, std::string_view table, std::string_view keyColumn,
                        const std::string& key, std::int64_t revision);
    // In SqlRecords.cpp: the rows that are not part of the in-memory Directory.
    void writeEvents(SqlConnection& db, const std::vector<domain::AuditEvent>& events);
    void writeLimitRequests(SqlConnection& db, const std::vector<domain::LimitRequest>& requests);
    void writeIdentityProviders(SqlConnection& db, const WriteBatch& batch);
    // In SqlWebhooks.cpp (AUD-2): endpoints and the batch's notifications into the outbox.
    void writeWebhooks(SqlConnection& db, const WriteBatch& batch);
    // Messages and delivery-log entries older than 30 days.
    void pruneWebhooks(SqlConnection& db, domain::Timestamp now);

    const SqlDialect& dialect_;
    std::string origin_;
    std::mutex poolMutex_;
    std::condition_variable poolFree_;
    std::vector<std::unique_ptr<SqlConnection>> idle_;
};

}  // namespace tessera::store
