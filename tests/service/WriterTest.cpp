#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "../TestSupport.h"
#include "crypto/Random.h"
#include "service/AuditScope.h"
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
    // As TokenService creates a PAT for u1: the name must be free, the limit is checked by the
    // store, and the batch may share a commit. `whilePreparing` runs at the start of each prepare.
    Result<void> createToken(const std::string& locator, const std::string& name, std::uint8_t hash,
                             const std::function<void()>& whilePreparing = {}) {
        return writer.write(
            [&]() -> Result<store::WriteBatch> {
                if (whilePreparing) whilePreparing();
                for (const auto& existing : directory.tokensOf("u1"))
                    if (existing->token.name == name)
                        return fail(ErrorCode::Conflict, "name taken");
                store::WriteBatch batch;
                batch.tokenLimit = store::TokenLimitCheck{"u1", 10, clock.now()};
                auto token = makeToken(locator, "u1", hash);
                token.name = name;
                batch.putTokens.push_back(token);
                batch.events.push_back(
                    auditEvent("auth.token.create", "default", {{"tokenName", name}}));
                return batch;
            },
            Writer::Sharing::MayShareCommit);
    }
    std::size_t tokenCount() { return directory.tokensOf("u1").size(); }
    // Blocks until `count` writes wait behind the group being prepared.
    void awaitWaiting(std::size_t count) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (writer.waiting() != count) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline)
                << "never " << count << " waiting";
            std::this_thread::yield();
        }
    }
};

// A write on another thread, on behalf of its own request (its AuditScope).
struct Caller {
    std::string requestId;
    Result<void> result;
    std::thread thread;
    Caller(std::string request, std::function<Result<void>()> write)
        : requestId(std::move(request)) {
        thread = std::thread([this, write = std::move(write)] {
            AuditScope scope(nullptr, "anonymous", requestId, "client");
            result = write();
        });
    }
    ~Caller() {
        if (thread.joinable()) thread.join();
    }
};

// A write to start on a Caller, by its request id.
struct QueuedWrite {
    std::string requestId;
    std::function<Result<void>()> write;
};

// Creates token k0; while its group is first prepared, starts each of `writes` on a Caller of
// its own, in order, each once the one before waits behind that group.
Result<void> createTokenWhileQueueing(Instance& instance,
                                      std::vector<std::unique_ptr<Caller>>& callers,
                                      std::vector<QueuedWrite> writes) {
    return instance.createToken("k0", "zero", 1, [&] {
        if (!callers.empty()) return;
        for (auto& [requestId, write] : writes) {
            callers.push_back(std::make_unique<Caller>(requestId, std::move(write)));
            instance.awaitWaiting(callers.size());
        }
    });
}

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

void seed(TempDir& dir) {
    store::sqlite::SqliteStore seed(dir.file("t.db"), "seed");
    ASSERT_TRUE(seed.commit(baseline()));
}

// Group commit: token writes that queue while a group is prepared are prepared together, from
// one view, and committed in one transaction; each event names its own caller (AUD-1).
TEST(Writer, PAT6_TokenWritesWaitingTogetherShareOneCommit) {
    TempDir dir;
    seed(dir);
    Instance a(dir.file("t.db"), "a");
    std::vector<std::size_t> seen(3);
    std::vector<std::unique_ptr<Caller>> callers;
    std::vector<QueuedWrite> writes;
    for (std::size_t i = 0; i < 3; ++i) {
        auto n = std::to_string(i + 1);
        writes.push_back({"request-" + n, [&, i, n] {
                              return a.createToken("k" + n, "name-" + n, std::uint8_t(i + 2),
                                                   [&, i] { seen[i] = a.tokenCount(); });
                          }});
    }
    ASSERT_TRUE(createTokenWhileQueueing(a, callers, std::move(writes)));
    callers.clear();  // joined
    EXPECT_EQ(seen, (std::vector<std::size_t>{1, 1, 1})) << "each saw k0 only: one shared view";
    EXPECT_EQ(a.tokenCount(), 4u);
    auto events = a.store.listEvents({"default", std::nullopt, std::nullopt, "", "", 100});
    ASSERT_TRUE(events);
    std::vector<std::string> requests;
    for (const auto& event : *events) requests.push_back(event.requestId);
    std::ranges::sort(requests);
    EXPECT_EQ(requests, (std::vector<std::string>{"", "request-1", "request-2", "request-3"}));
}

// PAT-6 and unique names in a group: the store refuses the second of two creations with one
// name; it is prepared again after the first is applied and answers as if it had come second.
TEST(Writer, PAT6_ASharedCommitRefusedBehindAnotherIsPreparedAgain) {
    TempDir dir;
    seed(dir);
    Instance a(dir.file("t.db"), "a");
    int prepares = 0;
    std::vector<std::unique_ptr<Caller>> callers;
    std::vector<QueuedWrite> writes;
    for (std::size_t i = 0; i < 2; ++i) {
        auto n = std::to_string(i + 1);
        writes.push_back({"request-" + n, [&, i, n] {
                              return a.createToken("k" + n, "same", std::uint8_t(i + 2),
                                                   [&] { ++prepares; });
                          }});
    }
    ASSERT_TRUE(createTokenWhileQueueing(a, callers, std::move(writes)));
    for (auto& caller : callers) caller->thread.join();
    ASSERT_TRUE(callers[0]->result);
    ASSERT_FALSE(callers[1]->result);
    EXPECT_EQ(callers[1]->result.error().code, ErrorCode::Conflict);
    EXPECT_EQ(prepares, 3) << "both prepared from one view, the refused one once more";
    EXPECT_EQ(a.tokenCount(), 2u);
}

// A write that may not share a commit (a user edit) is never prepared beside others and keeps
// its place: prepared once, after the write before it was applied, and before the one after it.
TEST(Writer, WritesThatMayNotShareACommitRunAlone) {
    TempDir dir;
    seed(dir);
    Instance a(dir.file("t.db"), "a");
    std::vector<std::size_t> editSaw;
    bool afterTheEdit = false;
    std::vector<std::unique_ptr<Caller>> callers;
    ASSERT_TRUE(createTokenWhileQueueing(
        a, callers,
        {{"token-1", [&] { return a.createToken("k1", "one", 2); }},
         {"edit",
          [&] {
              return a.editUser([&](domain::User& user) {
                  editSaw.push_back(a.tokenCount());
                  user.firstName = "Edited";
              });
          }},
         {"token-2", [&] {
              return a.createToken("k2", "two", 3, [&] {
                  afterTheEdit = a.directory.findUser("u1")->user.firstName == "Edited";
              });
          }}}));
    callers.clear();
    EXPECT_EQ(editSaw, std::vector<std::size_t>{2u}) << "prepared once, after token-1 was applied";
    EXPECT_TRUE(afterTheEdit) << "token-2 came after the edit and was prepared after it";
    EXPECT_EQ(a.tokenCount(), 3u);
}

}  // namespace
}  // namespace tessera::service
