#include <gtest/gtest.h>

#include <algorithm>

#include "../TestSupport.h"
#include "TestDatabase.h"

namespace tessera::store {
namespace {

using namespace tessera::testing;

// Each test gets a database of its own on the backend it is run for, and a store on it
// (instance "a"); tests of several instances or of a reopened store open more.
class StoreConformance : public ::testing::TestWithParam<std::string> {
  protected:
    TestDatabase database{GetParam()};
    std::unique_ptr<SqlStore> opened = database.open("a");
    SqlStore& store = *opened;

    // Everything the store holds, as an instance loads it at start-up; `elsewhere`: as
    // another instance opening the same database does. `sequence` is where following starts.
    WriteBatch loadAll(bool elsewhere = false, std::int64_t* sequence = nullptr) {
        auto other = elsewhere ? database.open("b") : nullptr;
        std::int64_t start = 0;
        auto all = (other ? *other : store).loadAll(start);
        EXPECT_TRUE(all) << all.error().message;
        if (sequence) *sequence = start;
        return all ? std::move(*all) : WriteBatch{};
    }
};

WriteBatch baseline() {
    WriteBatch batch;
    batch.putBusinessAccounts.push_back({"default", 3, {}, {}});
    batch.putTenants.push_back(makeTenant("t1"));
    batch.putRoles.push_back(makeRole("R1", {"quotes.*"}));
    batch.putUsers.push_back(makeUser("u1", {"R1"}, {"t1"}));
    return batch;
}

TEST_P(StoreConformance, MigratesAndRoundTripsEverything) {
    EXPECT_GE(store.schemaVersion(), 1);
    auto batch = baseline();
    batch.putRoles[0].tenantPermissions["t1"].permissions = {"quotes.read"};
    batch.putRoles[0].tenantPermissions["t1"].version = 4;
    auto token = makeToken("k1", "u1", 1, {"quotes.read", "quotes.*"});
    token.expiresAt = domain::Timestamp{std::chrono::seconds{1'900'000'000}};
    token.tenants = {"t1", "any"};
    token.allowedNetworks = domain::parseIpNetworks({"10.0.0.0/8", "2001:db8::/32"}).value();
    batch.putTokens.push_back(token);
    domain::Session session;
    session.id = "s1";
    session.userLocator = "u1";
    session.businessAccount = "default";
    session.refreshHash.fill(9);
    domain::SecretDigest retired;
    retired.fill(0xab);
    session.retiredRefreshHashes = {retired};
    batch.putSessions.push_back(session);
    ASSERT_TRUE(store.commit(batch));
    std::int64_t sequence = -1;
    auto all = loadAll(true, &sequence);
    // A follower starts before the entries of the last minute (one with a lower number may
    // still have been committing on another instance) and reads them again.
    EXPECT_EQ(sequence, 0);
    EXPECT_FALSE(store.changesAfter(sequence)->empty());
    ASSERT_EQ(all.putTokens.size(), 1u);
    const auto& loaded = all.putTokens[0];
    EXPECT_EQ(loaded.permissions, (std::vector<std::string>{"quotes.read", "quotes.*"}));
    EXPECT_EQ(loaded.tenants, (std::vector<std::string>{"t1", "any"}));
    EXPECT_EQ(loaded.expiresAt->time_since_epoch().count(), 1'900'000'000);
    EXPECT_EQ(loaded.secretHash[0], 1);
    EXPECT_EQ(domain::networkTexts(loaded.allowedNetworks),
              (std::vector<std::string>{"10.0.0.0/8", "2001:db8::/32"}))
        << "PAT-12";
    ASSERT_EQ(all.putUsers.size(), 1u);
    EXPECT_EQ(all.putUsers[0].roleLocators, (std::vector<std::string>{"R1"}));
    ASSERT_EQ(all.putSessions.size(), 1u);
    ASSERT_EQ(all.putSessions[0].retiredRefreshHashes.size(), 1u);
    EXPECT_EQ(all.putSessions[0].retiredRefreshHashes[0][31], 0xab);
    ASSERT_EQ(all.putRoles.size(), 1u);
    ASSERT_EQ(all.putRoles[0].tenantPermissions.size(), 1u) << "ROLE-2 overrides persist";
    EXPECT_EQ(all.putRoles[0].tenantPermissions.at("t1").permissions,
              (std::vector<std::string>{"quotes.read"}));
    EXPECT_EQ(all.putRoles[0].tenantPermissions.at("t1").version, 4);
    EXPECT_EQ(all.putTenants.size(), 1u);
}

// PAT-6: the limit is checked inside the write transaction.
TEST_P(StoreConformance, PAT6_TokenLimitIsEnforcedInTheTransaction) {
    ASSERT_TRUE(store.commit(baseline()));
    domain::Timestamp now{std::chrono::seconds{1000}};
    for (int i = 0; i < 3; ++i) {
        WriteBatch batch;
        batch.tokenLimit = TokenLimitCheck{"u1", 3, now};
        batch.putTokens.push_back(makeToken("k" + std::to_string(i), "u1", std::uint8_t(i + 1)));
        ASSERT_TRUE(store.commit(batch)) << i;
    }
    WriteBatch fourth;
    fourth.tokenLimit = TokenLimitCheck{"u1", 3, now};
    fourth.putTokens.push_back(makeToken("k3", "u1", 4));
    auto refused = store.commit(fourth);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::PatLimitReached);
    // Expired tokens do not count: with one live token gone and an expired one added, it fits.
    WriteBatch change;
    change.deleteTokens.push_back("k0");
    auto expired = makeToken("old", "u1", 5);
    expired.expiresAt = domain::Timestamp{std::chrono::seconds{500}};
    change.putTokens.push_back(expired);
    ASSERT_TRUE(store.commit(change));
    EXPECT_TRUE(store.commit(fourth));
}

TEST_P(StoreConformance, ROLE1_StaleVersionFailsTheWholeBatch) {
    ASSERT_TRUE(store.commit(baseline()));
    WriteBatch stale;
    stale.roleVersion = RoleVersionCheck{"R1", 7};
    auto role = makeRole("R1", {"policies.*"});
    role.version = 8;
    stale.putRoles.push_back(role);
    stale.putTenants.push_back(makeTenant("t2"));
    auto result = store.commit(stale);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::VersionConflict);
    auto all = loadAll();
    EXPECT_EQ(all.putTenants.size(), 1u) << "nothing of the failed batch was written";
    EXPECT_EQ(all.putRoles[0].permissions, (std::vector<std::string>{"quotes.*"}));
}

TEST_P(StoreConformance, ConstraintViolationsAreConflictsNotCrashes) {
    ASSERT_TRUE(store.commit(baseline()));
    WriteBatch duplicateName;
    auto clash = makeUser("u2", {}, {});
    clash.userName = "U1@EXAMPLE.COM";
    duplicateName.putUsers.push_back(clash);
    auto result = store.commit(duplicateName);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Conflict);
    WriteBatch orphan;
    orphan.putTokens.push_back(makeToken("k9", "no-such-user", 9));
    EXPECT_FALSE(store.commit(orphan)) << "foreign keys are on";
}

// docs/architecture.md: the change log names every written entity and its writer.
TEST_P(StoreConformance, ChangeLogRecordsEntitiesAndOrigins) {
    auto firstOwned = database.open("first");
    auto& first = *firstOwned;
    auto secondOwned = database.open("second");
    auto& second = *secondOwned;
    ASSERT_TRUE(first.commit(baseline()));
    auto changes = second.changesAfter(0);
    ASSERT_TRUE(changes);
    ASSERT_EQ(changes->size(), 4u);
    EXPECT_EQ(changes->at(0).entity, "business_account");
    EXPECT_EQ(changes->at(3).entity, "user");
    EXPECT_EQ(changes->at(3).origin, "first");
    WriteBatch deletion;
    deletion.deleteUsers.push_back("u1");
    ASSERT_TRUE(second.commit(deletion));
    auto more = first.changesAfter(changes->back().sequence);
    ASSERT_EQ(more->size(), 1u);
    auto reloaded = first.reload(*more);
    ASSERT_TRUE(reloaded);
    EXPECT_EQ(reloaded->deleteUsers, (std::vector<std::string>{"u1"}));
    EXPECT_TRUE(reloaded->putUsers.empty());
}

TEST_P(StoreConformance, USR1_DeletingAUserDeletesItsTokens) {
    auto batch = baseline();
    batch.putTokens.push_back(makeToken("k1", "u1", 1));
    ASSERT_TRUE(store.commit(batch));
    WriteBatch deletion;
    deletion.deleteUsers.push_back("u1");
    ASSERT_TRUE(store.commit(deletion));
    EXPECT_TRUE(loadAll().putTokens.empty());
}

TEST_P(StoreConformance, RecordsTokenUseOutsideTheChangeLog) {
    auto batch = baseline();
    batch.putTokens.push_back(makeToken("k1", "u1", 1));
    ASSERT_TRUE(store.commit(batch));
    auto before = store.changesAfter(0)->size();
    ASSERT_TRUE(
        store.recordTokenUse({{"k1", domain::Timestamp{std::chrono::seconds{1234}}, "10.0.0.1"}}));
    EXPECT_EQ(store.changesAfter(0)->size(), before);
    auto token = loadAll().putTokens.at(0);
    EXPECT_EQ(token.lastUsedAt->time_since_epoch().count(), 1234);
    EXPECT_EQ(token.lastUsedIp, "10.0.0.1");
}

}  // namespace
}  // namespace tessera::store

namespace tessera::store {
namespace {

using namespace tessera::testing;

domain::AuditEvent event(std::string locator, std::string type, long at,
                         std::string businessAccount = "default") {
    auto out = accountRow<domain::AuditEvent>(std::move(locator), std::move(businessAccount));
    out.type = std::move(type);
    out.timestamp = domain::Timestamp{std::chrono::seconds{at}};
    out.actorMethod = "jwt";
    out.data = {{"tokenName", "ci"}};
    return out;
}

// Group commit: batches in one transaction, each in its own savepoint. A batch refused by a
// check (PAT-6 limit, a unique token name, a token already deleted) is rolled back alone.
TEST_P(StoreConformance, PAT6_BatchesCommittedTogetherFailAlone) {
    ASSERT_TRUE(store.commit(baseline()));
    domain::Timestamp now{std::chrono::seconds{1000}};
    auto create = [&](std::string locator, std::string name, std::uint8_t hash) {
        WriteBatch batch;
        batch.tokenLimit = TokenLimitCheck{"u1", 2, now};
        auto token = makeToken(std::move(locator), "u1", hash);
        token.name = std::move(name);
        batch.putTokens.push_back(token);
        batch.events.push_back(event("01E" + std::to_string(hash), "auth.token.create", 100));
        return batch;
    };
    auto remove = [](std::string locator) {
        WriteBatch batch;
        batch.deleteTokens.push_back(std::move(locator));
        return batch;
    };
    auto first = create("k1", "one", 1);
    auto sameName = create("k2", "one", 2);  // UNIQUE (owner, name)
    auto second = create("k3", "two", 3);
    auto overLimit = create("k4", "three", 4);  // two live tokens already in this transaction
    auto goneAlready = remove("k9");
    auto deleteFirst = remove("k1");
    auto deleteAgain = remove("k1");
    std::vector<const WriteBatch*> group{&first,       &sameName,    &second,     &overLimit,
                                         &goneAlready, &deleteFirst, &deleteAgain};
    auto results = store.commitTogether(group);
    ASSERT_EQ(results.size(), group.size());
    EXPECT_TRUE(results[0]);
    EXPECT_EQ(results[1].error().code, ErrorCode::Conflict);
    EXPECT_TRUE(results[2]);
    EXPECT_EQ(results[3].error().code, ErrorCode::PatLimitReached);
    EXPECT_EQ(results[4].error().code, ErrorCode::ConcurrentChange);
    EXPECT_TRUE(results[5]);
    EXPECT_EQ(results[6].error().code, ErrorCode::ConcurrentChange);
    auto all = loadAll();
    ASSERT_EQ(all.putTokens.size(), 1u);
    EXPECT_EQ(all.putTokens[0].locator, "k3");
    auto changes = store.changesAfter(0);
    ASSERT_TRUE(changes);
    for (const auto& change : *changes) {
        EXPECT_NE(change.key, "k2") << "a refused batch leaves no change-log entry";
        EXPECT_NE(change.key, "k4");
        EXPECT_NE(change.key, "k9");
    }
    auto events = store.listEvents({"default", std::nullopt, std::nullopt, "", "", 100});
    ASSERT_TRUE(events);
    std::vector<std::string> kept;
    for (const auto& event : *events) kept.push_back(event.locator);
    std::ranges::sort(kept);
    EXPECT_EQ(kept, (std::vector<std::string>{"01E1", "01E3"}))
        << "a refused batch's events go too";
    // Nothing of a group that commits nothing is left behind.
    WriteBatch orphan;
    orphan.putTokens.push_back(makeToken("k8", "no-such-user", 8));
    auto again = store.commitTogether(std::vector<const WriteBatch*>{&goneAlready, &orphan});
    EXPECT_FALSE(again[0]);
    EXPECT_FALSE(again[1]);
    EXPECT_EQ(loadAll().putTokens.size(), 1u);
}

// AUD-1: events are committed with the change they describe, or not at all.
TEST_P(StoreConformance, AUD1_EventsAreWrittenWithTheirChangeOnly) {
    auto batch = baseline();
    batch.events.push_back(event("01A", "auth.user.create", 100));
    ASSERT_TRUE(store.commit(batch));

    WriteBatch failing;
    failing.putTokens.push_back(makeToken("k1", "no-such-user", 1, {"quotes.read"}));
    failing.events.push_back(event("01B", "auth.token.create", 101));
    EXPECT_FALSE(store.commit(failing));

    auto all = store.listEvents({"default", std::nullopt, std::nullopt, "", "", 100});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u) << "the failed change left no event";
    EXPECT_EQ((*all)[0].data,
              (std::vector<std::pair<std::string, std::string>>{{"tokenName", "ci"}}));
}

// AUD-1: filters and paging of GET /auth/events/list.
// The locators of the events the query lists, in its order.
std::vector<std::string> eventLocators(Store& store, const EventQuery& query) {
    std::vector<std::string> out;
    auto events = store.listEvents(query);
    EXPECT_TRUE(events) << events.error().message;
    if (events) {
        for (const auto& e : *events) out.push_back(e.locator);
    }
    return out;
}

TEST_P(StoreConformance, AUD1_ListsEventsByAccountTypeTimeAndPage) {
    WriteBatch batch = baseline();
    batch.putBusinessAccounts.push_back({"other", 3, {}, {}});
    batch.events = {event("01A", "auth.token.create", 100), event("01B", "auth.token.delete", 200),
                    event("01C", "auth.user.create", 300), event("01D", "auth.token.create", 400),
                    event("01E", "auth.token.create", 500, "other")};
    ASSERT_TRUE(store.commit(batch));
    auto locators = [&](const EventQuery& query) { return eventLocators(store, query); };
    using V = std::vector<std::string>;
    auto at = [](long s) { return domain::Timestamp{std::chrono::seconds{s}}; };
    EXPECT_EQ(locators({"default", std::nullopt, std::nullopt, "", "", 100}),
              (V{"01A", "01B", "01C", "01D"}));
    EXPECT_EQ(locators({"default", std::nullopt, std::nullopt, "auth.token.create", "", 100}),
              (V{"01A", "01D"}));
    EXPECT_EQ(locators({"default", std::nullopt, std::nullopt, "auth.token.*", "", 100}),
              (V{"01A", "01B", "01D"}));
    EXPECT_EQ(locators({"default", at(200), at(400), "", "", 100}), (V{"01B", "01C"}));
    EXPECT_EQ(locators({"default", std::nullopt, std::nullopt, "", "01B", 2}), (V{"01C", "01D"}));
    EXPECT_EQ(locators({"other", std::nullopt, std::nullopt, "", "", 100}), (V{"01E"}));
}

// AUD-1: the actor filter (GET /auth/events/list?actor=) matches the actor's locator exactly and
// combines with the type filter and paging.
TEST_P(StoreConformance, AUD1_ListsEventsByActor) {
    WriteBatch batch = baseline();
    auto by = [](domain::AuditEvent e, std::string actor) {
        e.actorLocator = std::move(actor);
        return e;
    };
    batch.events = {by(event("01A", "auth.token.create", 100), "u1"),
                    by(event("01B", "auth.token.create", 200), "u2"),
                    by(event("01C", "auth.user.create", 300), "u1"),
                    by(event("01D", "auth.token.delete", 400), "u1"),
                    by(event("01E", "auth.login.failure", 500), "")};
    ASSERT_TRUE(store.commit(batch));
    auto locators = [&](const EventQuery& query) { return eventLocators(store, query); };
    using V = std::vector<std::string>;
    auto actor = [](std::string type, std::string after, size_t limit, std::string who) {
        EventQuery query;
        query.businessAccount = "default";
        query.type = std::move(type);
        query.afterLocator = std::move(after);
        query.limit = limit;
        query.actorLocator = std::move(who);
        return query;
    };
    EXPECT_EQ(locators(actor("", "", 100, "u1")), (V{"01A", "01C", "01D"}));
    EXPECT_EQ(locators(actor("", "", 100, "u2")), (V{"01B"}));
    EXPECT_EQ(locators(actor("auth.token.*", "", 100, "u1")), (V{"01A", "01D"}));
    EXPECT_EQ(locators(actor("", "01A", 1, "u1")), (V{"01C"}));
    EXPECT_EQ(locators(actor("", "", 100, "U1")), V{}) << "exact, not case-folded";
    EXPECT_EQ(locators(actor("", "", 100, "")).size(), 5u) << "empty: every actor";
}

// AUD-1: append-only, enforced by the store itself.
TEST_P(StoreConformance, AUD1_EventsCannotBeChangedOrDeleted) {
    auto batch = baseline();
    batch.events.push_back(event("01A", "auth.user.create", 100));
    ASSERT_TRUE(store.commit(batch));
    auto raw = database.raw();
    EXPECT_THROW(raw->exec("UPDATE audit_events SET type = 'x'"), SqlFailure);
    EXPECT_THROW(raw->exec("DELETE FROM audit_events"), SqlFailure);
}

// PAT-6 extension: requests persist with their decision.
TEST_P(StoreConformance, PAT6_LimitRequestsRoundTrip) {
    auto batch = baseline();
    domain::LimitRequest request;
    request.locator = "01R";
    request.userLocator = "u1";
    request.businessAccount = "default";
    request.requestedLimit = 7;
    request.reason = "CI";
    batch.putLimitRequests.push_back(request);
    ASSERT_TRUE(store.commit(batch));
    request.state = domain::LimitRequestState::Approved;
    request.decidedAt = domain::Timestamp{std::chrono::seconds{5}};
    request.decidedBy = "operator:root";
    WriteBatch decision;
    decision.putLimitRequests.push_back(request);
    ASSERT_TRUE(store.commit(decision));
    auto found = store.findLimitRequest("01R");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->state, domain::LimitRequestState::Approved);
    EXPECT_EQ((*found)->decidedBy, "operator:root");
    EXPECT_EQ((*found)->requestedLimit, 7);
    EXPECT_TRUE(store.listLimitRequests({"", "", domain::LimitRequestState::Pending})->empty());
    EXPECT_EQ(store.listLimitRequests({"default", "u1", std::nullopt})->size(), 1u);
}

// JWT-3: password history, change time and session times survive a restart.
// A login changes only the session times: other instances copy them without reloading the user.
TEST_P(StoreConformance, JWT3_SessionTouchesAreTheirOwnChangeAndReloadAsTouches) {
    ASSERT_TRUE(store.commit(baseline()));
    auto before = store.changesAfter(0)->back().sequence;
    WriteBatch login;
    login.sessionTouches.push_back({"u1", domain::Timestamp{std::chrono::seconds{100}},
                                    domain::Timestamp{std::chrono::seconds{100}}});
    ASSERT_TRUE(store.commit(login));
    WriteBatch refresh;
    refresh.sessionTouches.push_back(
        {"u1", std::nullopt, domain::Timestamp{std::chrono::seconds{160}}});
    ASSERT_TRUE(store.commit(refresh));
    auto changes = store.changesAfter(before);
    ASSERT_EQ(changes->size(), 2u);
    EXPECT_EQ(changes->at(0).entity, "user_session");
    auto reloaded = store.reload(*changes);
    ASSERT_TRUE(reloaded);
    EXPECT_TRUE(reloaded->putUsers.empty());
    ASSERT_EQ(reloaded->sessionTouches.size(), 2u);
    EXPECT_EQ(reloaded->sessionTouches[1].startedAt, domain::Timestamp{std::chrono::seconds{100}});
    EXPECT_EQ(reloaded->sessionTouches[1].accessedAt, domain::Timestamp{std::chrono::seconds{160}});
}

TEST_P(StoreConformance, JWT3_CredentialStateRoundTrips) {
    domain::CredentialState state;
    state.previousPasswordHashes = {"$argon2id$a", "$argon2id$b"};
    state.passwordChangedAt = domain::Timestamp{std::chrono::seconds{10}};
    state.temporaryPassword = true;
    state.lastSessionStartAt = domain::Timestamp{std::chrono::seconds{20}};
    state.lastSessionAccessAt = domain::Timestamp{std::chrono::seconds{30}};
    auto batch = baseline();
    batch.putUsers[0].credentials = state;
    batch.putBusinessAccounts[0].tokenPolicy = {true, 30};
    ASSERT_TRUE(store.commit(batch));
    auto all = loadAll(true);
    EXPECT_EQ(all.putUsers[0].credentials, state);
    EXPECT_EQ(all.putBusinessAccounts[0].tokenPolicy, (domain::TokenPolicy{true, 30}));
}

}  // namespace
}  // namespace tessera::store

namespace tessera::store {
namespace {

// The same cases on every backend: what SqlStore promises does not depend on the database.
INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tessera::store
