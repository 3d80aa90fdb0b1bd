#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/Store.h"
#include "store/sqlite/Sqlite.h"

namespace tessera::store::sqlite {

// The embedded store: WAL, synchronous=FULL (a revocation must survive power loss), foreign keys,
// BEGIN IMMEDIATE for writes. One connection, used under a mutex by worker threads only.
class SqliteStore final : public Store {
  public:
    // `origin` names this instance in the change log so it can skip its own entries.
    SqliteStore(const std::string& path, std::string origin);
    const std::string& origin() const { return origin_; }

    Result<WriteBatch> loadAll(std::int64_t& changeSequence) override;
    Result<void> commit(const WriteBatch& batch) override;
    Result<std::vector<ChangeEntry>> changesAfter(std::int64_t sequence) override;
    Result<WriteBatch> reload(const std::vector<ChangeEntry>& changes) override;
    Result<void> recordTokenUse(const std::vector<TokenUse>& uses) override;
    Result<std::vector<domain::AuditEvent>> listEvents(const EventQuery& query) override;
    Result<std::vector<domain::LimitRequest>> listLimitRequests(
        const LimitRequestQuery& query) override;
    Result<std::optional<domain::LimitRequest>> findLimitRequest(std::string_view locator) override;
    Result<std::vector<domain::IdentityProvider>> listIdentityProviders(
        std::string_view businessAccount) override;

    int schemaVersion();

  private:
    void migrate();
    void writeBatch(const WriteBatch& batch);
    void appendChange(std::string_view entity, std::string_view key);
    // A put names the revision it writes: the stored row must be one below (a new row, revision
    // 1: absent), or another writer changed it since the write was prepared (StaleRevision).
    struct StaleRevision {};
    void expectRevision(std::string_view table, std::string_view keyColumn, const std::string& key,
                        std::int64_t revision);
    // In SqliteRecords.cpp: the rows that are not part of the in-memory Directory.
    void writeEvents(const std::vector<domain::AuditEvent>& events);
    void writeLimitRequests(const std::vector<domain::LimitRequest>& requests);
    void writeIdentityProviders(const WriteBatch& batch);

    std::mutex mutex_;
    Database db_;
    std::string origin_;
};

}  // namespace tessera::store::sqlite
