#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "store/sqlite/Migrations.h"
#include "store/sqlite/Sqlite.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::store::sqlite {
namespace {

// A database written by an older Tessera is migrated in place, its rows kept.
TEST(SqliteStore, UpgradesAnOlderSchemaKeepingItsRows) {
    tessera::testing::TempDir dir;
    {
        Database old(dir.file("t.db"));
        old.exec(migrations()[0]);
        old.exec("PRAGMA user_version=1");
        old.exec("INSERT INTO business_accounts VALUES ('default', 3, 0)");
        old.exec(
            "INSERT INTO users VALUES ('u1', 'default', 'a@b.co', 'a@b.co', 'A', 'B', 'a@b.co', 0, "
            "1, "
            "'[]', '[]', '', NULL, 0)");
        old.exec("INSERT INTO sessions VALUES ('s1', 'u1', 'default', x'00', 0, 99)");
    }
    SqliteStore store(dir.file("t.db"), "a");
    EXPECT_EQ(store.schemaVersion(), int(migrations().size()));
    std::int64_t sequence = 0;
    auto all = store.loadAll(sequence);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->putSessions.size(), 1u);
    EXPECT_TRUE(all->putSessions[0].retiredRefreshHashes.empty());
}

}  // namespace
}  // namespace tessera::store::sqlite
