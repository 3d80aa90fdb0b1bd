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

TEST(TokenEntry, RecordsUseForTheNextFlush) {
    Directory directory(domain::Catalogue::defaults());
    directory.apply(world());
    auto token = directory.findToken("k1");
    EXPECT_TRUE(directory.tokensWithUnflushedUse().empty());
    token->recordUse(domain::Timestamp{std::chrono::seconds{100}}, "10.1.1.1");
    ASSERT_EQ(directory.tokensWithUnflushedUse().size(), 1u);
    EXPECT_EQ(token->lastIp(), "10.1.1.1");
    EXPECT_EQ(token->lastUsedAt.load(), 100);
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
}

}  // namespace
}  // namespace tessera::service
