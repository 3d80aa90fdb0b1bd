#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "crypto/Random.h"
#include "service/Writer.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::service {
namespace {

using namespace tessera::testing;

// One writer: a store, its Directory and a Writer following the change log, as an instance has.
struct Instance {
    store::sqlite::SqliteStore store;
    Directory directory{domain::Catalogue::defaults()};
    crypto::SystemRandom random;
    ManualClock clock;
    Writer writer{store, directory, random, clock};

    Instance(const std::string& path, const std::string& origin) : store(path, origin) {
        std::int64_t sequence = 0;
        auto all = store.loadAll(sequence);
        directory.apply(*all);
        writer.follow(origin, sequence);
    }
    Result<void> editUser(const std::function<void(domain::User&)>& edit) {
        return writer.write([&]() -> Result<store::WriteBatch> {
            store::WriteBatch batch;
            auto user = directory.findUser("u1")->user;
            edit(user);
            batch.putUsers.push_back(user);
            return batch;
        });
    }
};

store::WriteBatch baseline() {
    store::WriteBatch batch;
    batch.putBusinessAccounts.push_back({"default", 3, {}, {}, {}});
    batch.putUsers.push_back(makeUser("u1", {}, {}));
    return batch;
}

// A write prepared from a stale copy is refused as a whole by the store.
TEST(Writer, StaleRevisionFailsTheWholeBatch) {
    TempDir dir;
    store::sqlite::SqliteStore store(dir.file("t.db"), "a");
    auto batch = baseline();
    ASSERT_TRUE(store.commit(batch));
    auto changed = batch.putUsers[0];  // stored as revision 0
    changed.firstName = "First";
    changed.revision = 1;
    store::WriteBatch first;
    first.putUsers.push_back(changed);
    ASSERT_TRUE(store.commit(first));
    store::WriteBatch stale;  // prepared from revision 1 as well
    stale.putUsers.push_back(changed);
    stale.putUsers[0].lastName = "Stale";
    stale.deleteSessions.push_back("s1");
    auto refused = store.commit(stale);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::ConcurrentChange);
    std::int64_t sequence = 0;
    EXPECT_EQ(store.loadAll(sequence)->putUsers[0].lastName, "L");
    // A new row that exists already was created concurrently.
    store::WriteBatch again;
    again.putUsers.push_back(makeUser("u1", {}, {}));
    again.putUsers[0].revision = 1;  // as a creation writes it
    EXPECT_EQ(store.commit(again).error().code, ErrorCode::ConcurrentChange);
}

// Two writers (instances or an operator command) change different fields of one user from the
// same starting point: the second is prepared again from the first's result, both survive.
TEST(Writer, ConcurrentEditsOfOneUserOnTwoWritersBothSurvive) {
    TempDir dir;
    {
        store::sqlite::SqliteStore seed(dir.file("t.db"), "seed");
        ASSERT_TRUE(seed.commit(baseline()));
    }
    Instance a(dir.file("t.db"), "a");
    Instance b(dir.file("t.db"), "b");
    // a commits between b's catch-up and b's commit: b's batch meets the new revision, is
    // refused, and is prepared again from a's result.
    int prepared = 0;
    ASSERT_TRUE(b.editUser([&](domain::User& user) {
        if (++prepared == 1) {
            EXPECT_TRUE(a.editUser([](domain::User& other) { other.enabled = false; }));
        }
        user.tenants = {"any"};
    }));
    EXPECT_EQ(prepared, 2);
    auto seen = b.directory.findUser("u1")->user;
    EXPECT_FALSE(seen.enabled);
    EXPECT_EQ(seen.tenants, std::vector<std::string>{"any"});
    store::sqlite::SqliteStore check(dir.file("t.db"), "check");
    std::int64_t sequence = 0;
    auto stored = check.loadAll(sequence)->putUsers[0];
    EXPECT_FALSE(stored.enabled);
    EXPECT_EQ(stored.tenants, std::vector<std::string>{"any"});
    EXPECT_EQ(stored.revision, 2);
}

}  // namespace
}  // namespace tessera::service
