#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "domain/Catalogue.h"
#include "service/Directory.h"

namespace tessera::service {
namespace {

using namespace tessera::testing;

store::WriteBatch world() {
    store::WriteBatch batch;
    batch.putBusinessAccounts.push_back({"default", 3, {}, {}});
    batch.putBusinessAccounts.push_back({"other", 3, {}, {}});
    batch.putTenants.push_back(makeTenant("t1"));
    batch.putRoles.push_back(makeRole("R1", {"quotes.*"}));
    batch.putRoles.push_back(makeRole("R9", {"*.*"}, "other"));
    batch.putUsers.push_back(makeUser("u1", {"R1"}, {"t1"}));
    batch.putUsers.push_back(makeUser("u2", {"R9", std::string(domain::kReadOnlyRoleLocator)}, {}));
    batch.putTokens.push_back(makeToken("k1", "u1", 1));
    return batch;
}

TEST(Directory, ROLE1_RightsAreTheUnionOfTheUsersRolesWithinItsAccount) {
    Directory directory(domain::Catalogue::defaults());
    directory.apply(world());
    auto u1 = directory.findUser("u1");
    ASSERT_TRUE(u1);
    EXPECT_TRUE(u1->rights.permissions.covers("quotes.write"));
    auto u2 = directory.findUser("u2");
    EXPECT_FALSE(u2->rights.permissions.covers("quotes.write"))
        << "BA-1: a role of another account grants nothing";
    EXPECT_TRUE(u2->rights.permissions.covers("quotes.read")) << "built-in read-only";
}

TEST(Directory, ROLE5_ARoleChangeRecomputesItsHoldersAtOnce) {
    Directory directory(domain::Catalogue::defaults());
    directory.apply(world());
    store::WriteBatch change;
    change.putRoles.push_back(makeRole("R1", {"quotes.read"}));
    directory.apply(change);
    auto u1 = directory.findUser("u1");
    EXPECT_FALSE(u1->rights.permissions.covers("quotes.write"));
    EXPECT_TRUE(u1->rights.permissions.covers("quotes.read"));
    store::WriteBatch removal;
    removal.deleteRoles.push_back("R1");
    directory.apply(removal);
    EXPECT_TRUE(directory.findUser("u1")->rights.permissions.empty());
}

TEST(Directory, USR1_DeletingAUserDropsItsTokensAndSessions) {
    Directory directory(domain::Catalogue::defaults());
    auto batch = world();
    domain::Session session;
    session.id = "s1";
    session.userLocator = "u1";
    session.refreshHash.fill(3);
    batch.putSessions.push_back(session);
    directory.apply(batch);
    domain::SecretDigest hash;
    hash.fill(1);
    ASSERT_TRUE(directory.findTokenByHash(hash));
    store::WriteBatch deletion;
    deletion.deleteUsers.push_back("u1");
    directory.apply(deletion);
    EXPECT_FALSE(directory.findTokenByHash(hash));
    EXPECT_FALSE(directory.findToken("k1"));
    EXPECT_TRUE(directory.tokensOf("u1").empty());
    EXPECT_FALSE(directory.findSession("s1"));
}

TEST(Directory, USR1_UserNamesAreCaseInsensitivePerAccount) {
    Directory directory(domain::Catalogue::defaults());
    directory.apply(world());
    EXPECT_TRUE(directory.findUserByName("default", "U1@EXAMPLE.COM"));
    EXPECT_FALSE(directory.findUserByName("other", "u1@example.com"));
    auto renamed = directory.findUser("u1")->user;
    renamed.userName = "new@example.com";
    store::WriteBatch change;
    change.putUsers.push_back(renamed);
    directory.apply(change);
    EXPECT_FALSE(directory.findUserByName("default", "u1@example.com"));
    EXPECT_TRUE(directory.findUserByName("default", "NEW@example.com"));
}

TEST(Directory, ROLE3_BuiltInRolesExistInEveryAccountAndCannotBeDeleted) {
    Directory directory(domain::Catalogue::defaults());
    directory.apply(world());
    EXPECT_TRUE(directory.findRoleByName("default", "admin"));
    EXPECT_TRUE(directory.findRoleByName("other", "read-only"));
    EXPECT_FALSE(directory.findRoleByName("default", "role-R9"));
    store::WriteBatch removal;
    removal.deleteRoles.push_back(std::string(domain::kAdminRoleLocator));
    directory.apply(removal);
    EXPECT_TRUE(directory.findRole(domain::kAdminRoleLocator));
}

// The flusher gets the tokens used since its last look, each once, without walking every token.
TEST(TokenEntry, RecordsUseForTheNextFlush) {
    Directory directory(domain::Catalogue::defaults());
    directory.apply(world());
    auto token = directory.findToken("k1");
    auto second = [](long s) { return domain::Timestamp{std::chrono::seconds{s}}; };
    EXPECT_TRUE(directory.takeUsedTokens().empty());
    directory.recordTokenUse(token, second(100), "10.1.1.1");
    directory.recordTokenUse(token, second(101), "10.1.1.2");  // still queued: not twice
    auto used = directory.takeUsedTokens();
    ASSERT_EQ(used.size(), 1u);
    EXPECT_EQ(used[0], token);
    EXPECT_EQ(token->lastIp(), "10.1.1.2");
    EXPECT_EQ(token->lastUsedAt.load(), 101);
    EXPECT_TRUE(directory.takeUsedTokens().empty());
    // Still flagged (the flusher clears the flag as it writes): a use now queues nothing more.
    directory.recordTokenUse(token, second(102), "10.1.1.2");
    EXPECT_TRUE(directory.takeUsedTokens().empty());
    token->usageDirty.store(false);  // written
    directory.recordTokenUse(token, second(102), "10.1.1.2");
    EXPECT_TRUE(directory.takeUsedTokens().empty()) << "the same second again is no new use";
    directory.recordTokenUse(token, second(103), "10.1.1.2");
    EXPECT_EQ(directory.takeUsedTokens().size(), 1u);
    directory.requeueUsedTokens({token});
    EXPECT_EQ(directory.takeUsedTokens().size(), 1u) << "given back when the write failed";
    // PAT-1: another address within the same second is a new use: lastUsedIp names the last.
    token->usageDirty.store(false);
    directory.recordTokenUse(token, second(103), "192.0.2.9");
    EXPECT_EQ(token->lastIp(), "192.0.2.9");
    EXPECT_EQ(directory.takeUsedTokens().size(), 1u) << "queued to be written";
}

// Tokens with the same grant share one parsed grant and one list of each kind (memory per
// token); a grant goes when its last token does.
TEST(Directory, PAT1_TokensWithOneGrantShareIt) {
    Directory directory(domain::Catalogue::defaults());
    auto batch = world();
    batch.putTokens.push_back(makeToken("k2", "u1", 2));
    batch.putTokens.push_back(makeToken("k3", "u1", 3, {"quotes.write"}));
    directory.apply(batch);
    auto k1 = directory.findToken("k1");
    auto k2 = directory.findToken("k2");
    auto k3 = directory.findToken("k3");
    EXPECT_EQ(k1->shape, k2->shape);
    EXPECT_TRUE(k1->token.permissions.sharesWith(k2->token.permissions));
    EXPECT_NE(k1->shape, k3->shape);
    EXPECT_EQ(k3->token.permissions, (std::vector<std::string>{"quotes.write"}));
    EXPECT_TRUE(k3->grant().permissions.covers("quotes", "write"));
    EXPECT_FALSE(k1->grant().permissions.covers("quotes", "write"));
    std::weak_ptr<const TokenShape> k3Shape = k3->shape;
    k3.reset();
    store::WriteBatch removal;
    removal.deleteTokens.push_back("k3");
    directory.apply(removal);
    EXPECT_TRUE(k3Shape.expired()) << "the Directory forgot the grant of its last token";
    EXPECT_EQ(directory.tokensOf("u1").size(), 2u);
    EXPECT_EQ(directory.tokenShapeCount(), 1u);
    // A grant held by a request (here k1's entry) survives the token's deletion in the entry,
    // not in the Directory.
    store::WriteBatch both;
    both.deleteTokens = {"k1", "k2"};
    directory.apply(both);
    EXPECT_EQ(directory.tokenShapeCount(), 0u);
    EXPECT_TRUE(k1->grant().permissions.covers("quotes", "read"));
}

// PAT-8: /metrics counts live tokens; expired ones are not live, from their expiry on.
TEST(Directory, PAT8_CountsLiveTokensAsTheyExpire) {
    Directory directory(domain::Catalogue::defaults());
    auto batch = world();
    auto second = [](long s) { return domain::Timestamp{std::chrono::seconds{s}}; };
    for (int i = 2; i <= 4; ++i) {
        auto token = makeToken("k" + std::to_string(i), "u1", std::uint8_t(i));
        token.expiresAt = second(100 * i);
        batch.putTokens.push_back(token);
    }
    directory.apply(batch);  // k1 never expires; k2..k4 at 200, 300, 400
    EXPECT_EQ(directory.countLiveTokens(second(100)), 4u);
    EXPECT_EQ(directory.countLiveTokens(second(300)), 2u);
    store::WriteBatch removal;
    removal.deleteTokens = {"k2", "k4"};
    directory.apply(removal);
    EXPECT_EQ(directory.countLiveTokens(second(300)), 1u);
    EXPECT_EQ(directory.countLiveTokens(second(250)), 2u);
    store::WriteBatch removeUser;
    removeUser.deleteUsers.push_back("u1");
    directory.apply(removeUser);
    EXPECT_EQ(directory.countLiveTokens(second(250)), 0u) << "USR-1: its tokens went with it";
    EXPECT_EQ(directory.tokenShapeCount(), 0u) << "and so did their grants";
}

}  // namespace
}  // namespace tessera::service

namespace tessera::service {
namespace {

TEST(Directory, JWT2_ListsSessionsWhoseRefreshTokenExpired) {
    Directory directory(domain::Catalogue::defaults());
    auto batch = world();
    for (int i = 0; i < 2; ++i) {
        domain::Session session;
        session.id = "s" + std::to_string(i);
        session.userLocator = "u1";
        session.refreshHash.fill(std::uint8_t(10 + i));
        session.refreshExpiresAt = domain::Timestamp{std::chrono::seconds{100 * (i + 1)}};
        batch.putSessions.push_back(session);
    }
    directory.apply(batch);
    auto expired = directory.expiredSessions(domain::Timestamp{std::chrono::seconds{150}});
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0]->id, "s0");
    EXPECT_EQ(directory.sessionsOf("u1").size(), 2u);
    // A refresh rotates s0: its new expiry replaces the old one.
    auto rotated = *directory.findSession("s0");
    rotated.refreshHash.fill(20);
    rotated.refreshExpiresAt = domain::Timestamp{std::chrono::seconds{500}};
    store::WriteBatch refresh;
    refresh.putSessions.push_back(rotated);
    directory.apply(refresh);
    EXPECT_TRUE(directory.expiredSessions(domain::Timestamp{std::chrono::seconds{150}}).empty());
    EXPECT_EQ(directory.expiredSessions(domain::Timestamp{std::chrono::seconds{500}}).size(), 2u);
    EXPECT_EQ(directory.sessionsOf("u1").size(), 2u);
    // A session put again for another user moves to that user.
    auto moved = *directory.findSession("s1");
    moved.userLocator = "u2";
    store::WriteBatch move;
    move.putSessions.push_back(moved);
    directory.apply(move);
    EXPECT_EQ(directory.sessionsOf("u1").size(), 1u);
    ASSERT_EQ(directory.sessionsOf("u2").size(), 1u);
    EXPECT_EQ(directory.sessionsOf("u2")[0]->id, "s1");
    // USR-1: deleting the user ends its sessions.
    store::WriteBatch removal;
    removal.deleteUsers.push_back("u1");
    directory.apply(removal);
    EXPECT_TRUE(directory.sessionsOf("u1").empty());
    ASSERT_EQ(directory.expiredSessions(domain::Timestamp{std::chrono::seconds{500}}).size(), 1u);
    EXPECT_FALSE(directory.findSession("s0"));
    EXPECT_TRUE(directory.findSession("s1")) << "u2's session stays";
}

}  // namespace
}  // namespace tessera::service
