#include "store/sqlite/SqliteStore.h"

#include "store/sqlite/Migrations.h"
#include "store/sqlite/Sqlite.h"

namespace tessera::store::sqlite {
namespace {

struct SqliteDialect final : SqlDialect {
    SqliteDialect() {
        migrations = sqlite::migrations();
        beginWrite = "BEGIN IMMEDIATE";
        lockMigrations = "";  // each migration's BEGIN IMMEDIATE excludes the others
        unlockMigrations = "";
        beginSnapshot = "BEGIN";
        forUpdate = "";  // the write transaction already holds the database's one write lock
        skipLocked = "";
        greatest = "max";
        nowSeconds = "unixepoch()";
        afterWrite = "";
    }
    int schemaVersion(SqlConnection& db) const override {
        auto query = db.prepare("PRAGMA user_version");
        query->step();
        return int(query->integer(0));
    }
    void setSchemaVersion(SqlConnection& db, int version) const override {
        db.exec("PRAGMA user_version=" + std::to_string(version));
    }
};

const SqliteDialect& dialect() {
    static const SqliteDialect instance;
    return instance;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, std::string origin)
    : SqlStore(
          dialect(),
          [&path] {
              auto db = std::make_unique<Database>(path);
              db->exec("PRAGMA journal_mode=WAL");
              db->exec("PRAGMA synchronous=FULL");
              db->exec("PRAGMA foreign_keys=ON");
              return std::unique_ptr<SqlConnection>(std::move(db));
          },
          1, std::move(origin)) {}

}  // namespace tessera::store::sqlite
