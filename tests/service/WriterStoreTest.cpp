#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "../TestSupport.h"
#include "FaultyStore.h"
#include "ServiceWorld.h"
#include "crypto/Random.h"
#include "service/AuditScope.h"
#include "service/Writer.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::service {
namespace {

using namespace tessera::testing;

// One instance over a shared SQLite file, its store a FaultyStore.
struct Node {
    FaultyStore store;
    Directory directory{domain::Catalogue::defaults()};
    crypto::SystemRandom random;
    ManualClock clock;
    Writer writer{store, directory, random, clock};
    int prepared = 0;

    Node(const std::string& path, const std::string& origin) : store(path, origin) {
        std::int64_t sequence = 0;
        auto all = store.loadAll(sequence);
        directory.apply(*all);
        writer.follow(origin, sequence);
    }
    // Puts u1 with `firstName`, prepared from the Directory as a use case does.
    Result<void> rename(const std::string& firstName) {
        return writer.write([&]() -> Result<store::WriteBatch> {
            ++prepared;
            store::WriteBatch batch;
            auto user = directory.findUser("u1")->user;
            user.firstName = firstName;
            batch.putUsers.push_back(user);
            batch.events.push_back(
                auditEvent("auth.user.update", "default", {{"userLocator", user.locator}}));
            return batch;
        });
    }
    Result<void> putToken(const std::string& locator, std::uint8_t hash) {
        return writer.write([&]() -> Result<store::WriteBatch> {
            store::WriteBatch batch;
            batch.putTokens.push_back(makeToken(locator, "u1", hash));
            return batch;
        });
    }
    Result<void> deleteToken(const std::string& locator) {
        return writer.write([&]() -> Result<store::WriteBatch> {
            store::WriteBatch batch;
            batch.deleteTokens.push_back(locator);
            return batch;
        });
    }
    std::string firstName() { return directory.findUser("u1")->user.firstName; }
};

void seed(TempDir& dir) {
    store::sqlite::SqliteStore seed(dir.file("t.db"), "seed");
    store::WriteBatch batch;
    batch.putBusinessAccounts.push_back({"default", 3, {}, {}, {}});
    batch.putUsers.push_back(makeUser("u1", {}, {}));
    ASSERT_TRUE(seed.commit(batch));
}

// Another writer on the same store: its commits reach this Directory on a catch-up, puts and
// deletions alike, while this writer's own entries are skipped.
TEST(Writer, CatchUpAppliesWhatAnotherWriterCommitted) {
    TempDir dir;
    seed(dir);
    Node a(dir.file("t.db"), "a");
    Node b(dir.file("t.db"), "b");
    ASSERT_TRUE(a.rename("Renamed"));
    ASSERT_TRUE(a.putToken("k1", 1));
    EXPECT_EQ(b.firstName(), "F") << "nothing reaches b before it looks";
    EXPECT_EQ(b.directory.findToken("k1"), nullptr);

    auto seen = b.writer.catchUp();
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_GT(*seen, 0u) << "change-log entries applied";
    EXPECT_EQ(b.firstName(), "Renamed");
    ASSERT_NE(b.directory.findToken("k1"), nullptr);
    EXPECT_EQ(b.writer.catchUp().value(), 0u) << "each change is applied once";

    ASSERT_TRUE(a.deleteToken("k1"));
    ASSERT_TRUE(b.putToken("k2", 2));  // b's own entry: not one to apply again
    EXPECT_EQ(b.directory.findToken("k1"), nullptr) << "a write catches up first";
    EXPECT_EQ(b.writer.catchUp().value(), 0u);
    EXPECT_GT(a.writer.catchUp().value(), 0u);
    EXPECT_NE(a.directory.findToken("k2"), nullptr);
}

// More changes than one read of the log returns: a catch-up reads on until it has them all, so
// a write is never prepared from a view older than the log.
TEST(Writer, CatchUpReadsOnPastAFullReadOfTheLog) {
    TempDir dir;
    seed(dir);
    Node a(dir.file("t.db"), "a");
    Node b(dir.file("t.db"), "b");
    const auto count = store::Store::kChangesPerRead + 5;
    ASSERT_TRUE(a.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        for (size_t i = 0; i < count; ++i)
            batch.putTenants.push_back(makeTenant("t" + std::to_string(i)));
        return batch;
    }));

    auto seen = b.writer.catchUp();
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_GE(*seen, count) << "change-log entries applied, one per tenant at least";
    EXPECT_NE(b.directory.findTenant("t0"), nullptr);
    EXPECT_NE(b.directory.findTenant("t" + std::to_string(count - 1)), nullptr);
}

// A write prepared after another writer's commit starts from it: caught up before it is
// prepared, so it is prepared once and keeps the other writer's change.
TEST(Writer, AWriteIsPreparedFromTheStateAfterOtherWritersCommits) {
    TempDir dir;
    seed(dir);
    Node a(dir.file("t.db"), "a");
    Node b(dir.file("t.db"), "b");
    ASSERT_TRUE(a.putToken("k1", 1));
    bool sawToken = false;
    ASSERT_TRUE(b.writer.write([&]() -> Result<store::WriteBatch> {
        ++b.prepared;
        sawToken = b.directory.findToken("k1") != nullptr;
        return store::WriteBatch{};
    }));
    EXPECT_TRUE(sawToken);
    EXPECT_EQ(b.prepared, 1);
}

// A commit the store refuses (it cannot be reached) returns its error: the Directory and the
// store stay as they were, nothing is tried again, and the next write works.
TEST(Writer, ARefusedCommitLeavesTheDirectoryUnchangedAndReturnsTheError) {
    TempDir dir;
    seed(dir);
    Node a(dir.file("t.db"), "a");
    a.store.commits.failNextCalls(1, ErrorCode::Unavailable);
    auto refused = a.rename("Refused");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(a.prepared, 1);
    EXPECT_EQ(a.store.commits.calls, 1);
    EXPECT_EQ(a.firstName(), "F");
    EXPECT_TRUE(a.store.listEvents({"default", {}, {}, "", "", 10})->empty())
        << "no event without its change";
    Node check(dir.file("t.db"), "check");
    EXPECT_EQ(check.firstName(), "F");

    ASSERT_TRUE(a.rename("Accepted"));
    EXPECT_EQ(a.firstName(), "Accepted");
    EXPECT_EQ(a.store.commits.calls, 2);
}

// ConcurrentChange: prepared again from the new state, a bounded number of times; when every
// attempt is refused the error is returned and nothing is applied.
TEST(Writer, AConcurrentChangeIsPreparedAgainUpToALimit) {
    TempDir dir;
    seed(dir);
    Node a(dir.file("t.db"), "a");
    a.store.commits.failNextCalls(1, ErrorCode::ConcurrentChange);
    ASSERT_TRUE(a.rename("Second try"));
    EXPECT_EQ(a.prepared, 2);
    EXPECT_EQ(a.firstName(), "Second try");

    a.prepared = 0;
    int commitsBefore = a.store.commits.calls;
    a.store.commits.failNextCalls(1000, ErrorCode::ConcurrentChange);
    auto refused = a.rename("Never");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::ConcurrentChange);
    EXPECT_GT(a.prepared, 1);
    EXPECT_LT(a.prepared, 1000) << "gives up";
    EXPECT_EQ(a.store.commits.calls - commitsBefore, a.prepared) << "one commit per attempt";
    EXPECT_EQ(a.firstName(), "Second try");
}

// AUD-1: stored events get strictly increasing locators, also several in one batch and in one
// millisecond (the clock does not move here), so paging by locator skips none.
TEST(Writer, AUD1_EventLocatorsIncreaseStrictlySoPagingSkipsNone) {
    TempDir dir;
    seed(dir);
    Node a(dir.file("t.db"), "a");
    for (int write = 0; write < 3; ++write) {
        ASSERT_TRUE(a.writer.write([&]() -> Result<store::WriteBatch> {
            store::WriteBatch batch;
            for (int i = 0; i < 4; ++i)
                batch.events.push_back(
                    auditEvent("test.event", "default", {{"n", std::to_string(write * 4 + i)}}));
            return batch;
        }));
    }
    auto all = a.store.listEvents({"default", {}, {}, "", "", 100});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 12u);
    for (std::size_t i = 0; i < all->size(); ++i) {
        EXPECT_EQ((*all)[i].data.at(0).second, std::to_string(i)) << "in the order written";
        if (i > 0) {
            EXPECT_LT((*all)[i - 1].locator, (*all)[i].locator);
        }
    }
    std::vector<std::string> paged;
    std::string after;
    for (;;) {
        auto page = a.store.listEvents({"default", {}, {}, "", after, 5});
        ASSERT_TRUE(page);
        if (page->empty()) break;
        for (const auto& event : *page) paged.push_back(event.data.at(0).second);
        after = page->back().locator;
    }
    EXPECT_EQ(paged.size(), 12u);
    EXPECT_TRUE(
        std::ranges::is_sorted(paged, {}, [](const std::string& n) { return std::stoi(n); }));
}

std::string dataOf(const domain::AuditEvent& event, const std::string& key) {
    for (const auto& [name, value] : event.data)
        if (name == key) return value;
    return "";
}

// AUD-1: an event written with a change names what it is about (the new entity's locator) and
// who acted, and is stored only when the change is.
TEST(Writer, AUD1_EventsCarryTheLocatorsOfWhatTheyAreAbout) {
    ServiceWorld world;
    auto admin = world.admin();
    AuditScope scope(&admin, "", "request-1", "10.0.0.2");
    auto tenant = world.tenants.create(admin, "t", "test", "");
    ASSERT_TRUE(tenant);
    auto role = world.roles.create(admin, "r", "", {"quotes.read"});
    ASSERT_TRUE(role);
    auto user = world.createUserWithoutPassword("someone@example.com", {"r"}, {(*tenant)->locator});
    auto owner = world.as(user->user.locator);
    Result<CreatedToken> token;
    {
        AuditScope own(&owner, "", "request-2", "10.0.0.3");
        token = world.tokens.create(owner, {"t1", {"quotes.read"}, {(*tenant)->locator}, {}});
    }
    ASSERT_TRUE(token) << token.error().message;

    auto expect = [&](const std::string& type, const std::string& key, const std::string& locator,
                      const Principal& actor, const std::string& request) {
        auto events = world.events(type);
        ASSERT_EQ(events.size(), 1u) << type;
        EXPECT_EQ(dataOf(events[0], key), locator) << type;
        EXPECT_EQ(events[0].actorLocator, actor.account().locator) << type;
        EXPECT_EQ(events[0].actorMethod, "jwt") << type;
        EXPECT_EQ(events[0].requestId, request) << type;
        EXPECT_EQ(events[0].timestamp, world.clock.at) << type;
    };
    expect("auth.tenant.create", "tenantLocator", (*tenant)->locator, admin, "request-1");
    expect("auth.role.create", "roleLocator", (*role)->locator, admin, "request-1");
    expect("auth.user.create", "userLocator", user->user.locator, admin, "request-1");
    expect("auth.token.create", "tokenLocator", token->entry->token.locator, owner, "request-2");

    // Refused by the store: neither the token nor its event exists.
    world.store.commits.failNextCalls(1, ErrorCode::Unavailable);
    auto refused = world.tokens.create(world.as(user->user.locator),
                                       {"t2", {"quotes.read"}, {(*tenant)->locator}, {}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(world.tokens.list(user->user.locator).size(), 1u);
    EXPECT_EQ(world.events("auth.token.create").size(), 1u);
}

}  // namespace
}  // namespace tessera::service
