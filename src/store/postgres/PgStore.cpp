#include "store/postgres/PgStore.h"

#include "store/postgres/PgConnection.h"
#include "store/postgres/PgListener.h"
#include "store/postgres/PgMigrations.h"

namespace tessera::store::postgres {
namespace {

struct PgDialect final : SqlDialect {
    PgDialect() {
        migrations = postgres::migrations();
        beginWrite = "BEGIN";
        // Instances starting together: one migrates, the others wait for it, then see it done.
        lockMigrations = "SELECT pg_advisory_lock(7481)";
        unlockMigrations = "SELECT pg_advisory_unlock(7481)";
        beginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ";
        forUpdate = " FOR UPDATE";
        skipLocked = " FOR UPDATE SKIP LOCKED";
        greatest = "greatest";
        nowSeconds = "extract(epoch FROM now())::BIGINT";
        // Sent on commit; the payload names the writer, whose own listener ignores it.
        afterWrite = "SELECT pg_notify('tessera_changes', ?)";
        gaplessChangeLog = false;
    }
    int schemaVersion(SqlConnection& db) const override {
        auto exists = db.prepare("SELECT to_regclass('tessera_schema') IS NOT NULL");
        exists->step();
        if (exists->text(0) != "t") return 0;
        auto query = db.prepare("SELECT coalesce(max(version), 0) FROM tessera_schema");
        query->step();
        return int(query->integer(0));
    }
    void setSchemaVersion(SqlConnection& db, int version) const override {
        db.exec("DELETE FROM tessera_schema");
        db.prepare("INSERT INTO tessera_schema (version) VALUES (?)")
            ->bind(1, std::int64_t(version))
            .run();
    }
};

const PgDialect& dialect() {
    static const PgDialect instance;
    return instance;
}

}  // namespace

PgStore::PgStore(const std::string& url, std::string origin, int poolSize)
    : SqlStore(
          dialect(),
          [&url] { return std::unique_ptr<SqlConnection>(std::make_unique<PgConnection>(url)); },
          poolSize, std::move(origin)),
      url_(url) {}

std::unique_ptr<ChangeSignal> PgStore::listen() {
    return std::make_unique<PgListener>(url_, origin());
}

}  // namespace tessera::store::postgres
