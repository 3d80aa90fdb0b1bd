// `tessera admin check-store` (service::checkStore over both backends): a consistent store has
// no problem; damage that no write path makes (done here with plain SQL, foreign keys off) is
// found and named. PAT-6 (limits), SCOPE-1 (scoped tenants exist), USR-1 (roles exist).
#include <gtest/gtest.h>

#include <map>

#include "../TestSupport.h"
#include "TestDatabase.h"
#include "service/StoreCheck.h"

namespace tessera::store {
namespace {

using namespace tessera::testing;

class StoreCheck : public ::testing::TestWithParam<std::string> {};

const domain::Timestamp kNow{std::chrono::seconds{1'800'000'000}};
// Tenant locators are UUIDs (SCOPE-1).
const std::string kTenant = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const std::string kGoneTenant = "0a0b0c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

WriteBatch consistentStore() {
    WriteBatch batch;
    batch.putBusinessAccounts.push_back({"default", 3, {}, {}});
    batch.putTenants.push_back(makeTenant(kTenant));
    batch.putRoles.push_back(makeRole("R1", {"quotes.*"}));
    batch.putUsers.push_back(
        makeUser("u1", {"R1", std::string(domain::kAdminRoleLocator)}, {kTenant, "any"}));
    batch.putTokens.push_back(makeToken("k1", "u1", 1));
    return batch;
}

// The consistent store with a second token of u1's, k2.
WriteBatch consistentStoreWithTwoTokens() {
    auto batch = consistentStore();
    batch.putTokens.push_back(makeToken("k2", "u1", 2));
    return batch;
}

bool mentions(const std::vector<std::string>& problems, std::string_view text) {
    for (const auto& problem : problems) {
        if (problem.find(text) != std::string::npos) return true;
    }
    return false;
}

TEST_P(StoreCheck, AConsistentStoreHasNoProblem) {
    TestDatabase database(GetParam());
    auto store = database.open("a");
    ASSERT_TRUE(store->commit(consistentStore()));
    auto report = service::checkStore(*store, kNow);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->problems.empty()) << report->problems.front();
    EXPECT_EQ(report->users, 1u);
    EXPECT_EQ(report->tokens, 1u);
}

TEST_P(StoreCheck, DamageIsFoundAndNamed) {
    TestDatabase database(GetParam());
    auto store = database.open("a");
    ASSERT_TRUE(store->commit(consistentStore()));
    for (int i = 0; i < 2; ++i) {
        WriteBatch more;
        more.putTenants.push_back(
            makeTenant("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4" + std::to_string(i)));
        ASSERT_TRUE(store->commit(more));
    }
    {
        auto raw = database.raw();
        bool sqlite = GetParam() == "sqlite";
        raw->exec(sqlite ? "PRAGMA foreign_keys=OFF" : "SET session_replication_role = replica");
        raw->exec(std::string("INSERT INTO tokens (locator, owner, name, permissions, tenants, "
                              "created_at, origin, secret_hash) VALUES ('k-orphan', 'ghost', "
                              "'orphan', '[]', '[]', 0, 'session', ") +
                  (sqlite ? "X'02'" : "'\\x02'::bytea") + ")");
        raw->exec("UPDATE users SET roles = '[\"R-gone\"]', tenants = '[\"" + kGoneTenant +
                  "\", \"type:x\"]'");
        raw->exec("UPDATE business_accounts SET pat_limit = 11");
        raw->exec(
            "DELETE FROM change_log WHERE sequence = (SELECT min(sequence) + 1 FROM change_log)");
    }
    auto report = service::checkStore(*store, kNow);
    ASSERT_TRUE(report);
    const auto& problems = report->problems;
    EXPECT_TRUE(mentions(problems, "token without its owner: k-orphan"));
    EXPECT_TRUE(mentions(problems, "token k-orphan: owner ghost does not exist"));
    EXPECT_TRUE(mentions(problems, "holds role R-gone"));
    EXPECT_TRUE(mentions(problems, "scope names tenant " + kGoneTenant));
    EXPECT_TRUE(mentions(problems, "'type:x' is malformed"));
    EXPECT_TRUE(mentions(problems, "PAT limit 11 is outside 0 to 10"));
    // A hole in the log is damage only where the backend numbers without holes.
    EXPECT_EQ(mentions(problems, "numbers are missing"), GetParam() == "sqlite");
}

// PAT-12: damaged allowed networks must not widen a token to every address: what does not read
// as a network stands as "::", which no client has.
TEST_P(StoreCheck, PAT12_DamagedAllowedNetworksAllowNoAddress) {
    TestDatabase database(GetParam());
    auto store = database.open("a");
    ASSERT_TRUE(store->commit(consistentStoreWithTwoTokens()));
    {
        auto raw = database.raw();
        raw->exec("UPDATE tokens SET allowed_networks = '{10.0.0.0/8}' WHERE locator = 'k1'");
        raw->exec(
            "UPDATE tokens SET allowed_networks = '[\"10.0.0.0/8\", 7, \"x\"]' WHERE locator = "
            "'k2'");
    }
    std::int64_t sequence = 0;
    auto all = store->loadAll(sequence);
    ASSERT_TRUE(all) << all.error().message;
    std::map<std::string, std::vector<std::string>> networks;
    for (const auto& token : all->putTokens)
        networks[token.locator] = domain::networkTexts(token.allowedNetworks);
    EXPECT_EQ(networks["k1"], (std::vector<std::string>{"::/128"}));
    EXPECT_EQ(networks["k2"], (std::vector<std::string>{"10.0.0.0/8", "::/128", "::/128"}));
}

TEST_P(StoreCheck, PAT6_ALimitLoweredBelowTheLiveTokensIsANoteNotAProblem) {
    TestDatabase database(GetParam());
    auto store = database.open("a");
    auto batch = consistentStoreWithTwoTokens();
    ASSERT_TRUE(store->commit(batch));
    auto lowered = batch.putBusinessAccounts[0];
    lowered.patLimit = 1;
    lowered.revision = 1;
    WriteBatch lower;
    lower.putBusinessAccounts.push_back(lowered);
    ASSERT_TRUE(store->commit(lower));
    auto report = service::checkStore(*store, kNow);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->problems.empty()) << report->problems.front();
    EXPECT_TRUE(mentions(report->notes, "2 live tokens, above its limit of 1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCheck, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace tessera::store
