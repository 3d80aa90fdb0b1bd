#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "ServiceWorld.h"
#include "domain/PasswordPolicy.h"

namespace tessera::service {
namespace {

using namespace tessera::testing;

constexpr auto kBa = "default";
constexpr auto kAddress = "10.0.0.1";

// JWT-3 through the login path: a password older than the policy's forceExpiredPasswordChange
// days is refused (PasswordChangeRequired, saying why) until it is changed; a policy without
// expiry accepts an old password. (Replaces the integration test that aged the password by
// editing the data file.)
TEST(Services, JWT3_AnExpiredPasswordMustBeChangedUnlessThePolicyHasNoExpiry) {
    ServiceWorld world;
    const std::string name = "aged@example.com";
    const std::string first = "Aged-Passw0rd-00001!";
    const std::string second = "Fresh-Passw0rd-00002!";
    world.createUser(name, first);
    auto login = [&](const std::string& password) {
        return world.sessions.loginWithPassword(kBa, name, password, kAddress);
    };
    ASSERT_TRUE(login(first));

    const auto lifetime = std::chrono::days{domain::PasswordPolicy{}.forceExpiredPasswordChange};
    ASSERT_EQ(lifetime, std::chrono::days{90});
    world.clock.at += lifetime - std::chrono::seconds(1);
    auto stillValid = login(first);
    ASSERT_TRUE(stillValid) << stillValid.error().message;

    world.clock.at += std::chrono::seconds(1);
    auto expired = login(first);
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().code, ErrorCode::PasswordChangeRequired);
    EXPECT_NE(expired.error().message.find("expired"), std::string::npos)
        << expired.error().message;

    auto changed = world.credentials.changePassword(kBa, name, first, second, kAddress);
    ASSERT_TRUE(changed) << changed.error().message;
    auto fresh = login(second);
    ASSERT_TRUE(fresh) << fresh.error().message;
    EXPECT_EQ(login(first).error().code, ErrorCode::InvalidGrant) << "the old password is gone";

    // The new password ages too; a policy without expiry lets it log in again.
    world.clock.at += lifetime + std::chrono::days{1};
    EXPECT_EQ(login(second).error().code, ErrorCode::PasswordChangeRequired);
    auto policy = world.users.passwordPolicy(world.admin());
    policy.forceExpiredPasswordChange = 0;
    ASSERT_TRUE(world.users.updatePasswordPolicy(world.admin(), policy));
    auto again = login(second);
    EXPECT_TRUE(again) << again.error().message;
}

// PAT-2: a token may hold only permissions and tenants its creator holds right now.
TEST(Services, PAT2_ATokenBeyondItsCreatorsPermissionsOrScopeIsRefused) {
    ServiceWorld world;
    auto admin = world.admin();
    auto held = world.tenants.create(admin, "held", "test", "");
    auto other = world.tenants.create(admin, "other", "test", "");
    ASSERT_TRUE(held && other);
    ASSERT_TRUE(world.roles.create(admin, "quote-reader", "", {"quotes.read"}));
    auto user =
        world.createUserWithoutPassword("reader@example.com", {"quote-reader"}, {(*held)->locator});
    auto creator = world.as(user->user.locator);

    CreateTokenRequest beyond{"beyond", {"quotes.read", "quotes.issue"}, {(*held)->locator}, {}};
    auto refused = world.tokens.create(creator, beyond);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionNotHeld);
    EXPECT_EQ(refused.error().offending, std::vector<std::string>{"quotes.issue"});

    CreateTokenRequest elsewhere{"elsewhere", {"quotes.read"}, {(*other)->locator}, {}};
    auto outOfScope = world.tokens.create(creator, elsewhere);
    ASSERT_FALSE(outOfScope);
    EXPECT_EQ(outOfScope.error().code, ErrorCode::TenantNotHeld);
    EXPECT_TRUE(world.tokens.list(user->user.locator).empty()) << "nothing was stored";

    CreateTokenRequest within{"within", {"quotes.read"}, {(*held)->locator}, {}};
    auto created = world.tokens.create(creator, within);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(world.tokens.list(user->user.locator).size(), 1u);
}

// ROLE-4: a non-admin creates, edits and assigns only roles within its own permissions.
TEST(Services, ROLE4_ANonAdminCannotBuildOrAssignARoleAboveItself) {
    ServiceWorld world;
    auto admin = world.admin();
    ASSERT_TRUE(world.roles.create(admin, "quote-reader", "", {"quotes.read", "users.write"}));
    auto issuer = world.roles.create(admin, "quote-issuer", "", {"quotes.issue"});
    ASSERT_TRUE(issuer);
    auto manager = world.createUserWithoutPassword("manager@example.com", {"quote-reader"});
    auto caller = world.as(manager->user.locator);

    auto above = world.roles.create(caller, "above", "", {"quotes.read", "quotes.issue"});
    ASSERT_FALSE(above);
    EXPECT_EQ(above.error().code, ErrorCode::PermissionNotHeld);
    EXPECT_EQ(above.error().offending, std::vector<std::string>{"quotes.issue"});
    EXPECT_EQ(world.directory.findRoleByName(kBa, "above"), nullptr);

    auto own = world.roles.create(caller, "own", "", {"quotes.read"});
    ASSERT_TRUE(own) << own.error().message;
    RoleChanges widen{(*own)->version, "own", "", {"quotes.*"}, {}};
    auto widened = world.roles.update(caller, (*own)->locator, widen);
    ASSERT_FALSE(widened);
    EXPECT_EQ(widened.error().code, ErrorCode::PermissionNotHeld);

    auto target = world.createUserWithoutPassword("target@example.com", {});
    auto assigned = world.users.changeRoles(caller, target->user.locator, {"quote-issuer"}, {});
    ASSERT_FALSE(assigned);
    EXPECT_EQ(assigned.error().code, ErrorCode::PermissionNotHeld);
    EXPECT_TRUE(world.directory.findUser(target->user.locator)->user.roleLocators.empty());
    auto ownAssigned = world.users.changeRoles(caller, target->user.locator, {"own"}, {});
    EXPECT_TRUE(ownAssigned) << ownAssigned.error().message;
}

// USR-1 (extension `search`): the users list keeps the matches only, case-insensitively, in the
// list's order (oldest first), so pages are cut from the matches; no term lists everyone.
TEST(Services, USR1_ListSearchKeepsMatchesInOrder) {
    ServiceWorld world;
    for (const char* name : {"ana@acme.example", "bob@other.example", "ANNA@Acme.example"}) {
        world.clock.at += std::chrono::seconds(1);  // creation order is the list's order
        world.createUserWithoutPassword(name, {});
    }
    auto names = [&](std::string_view search) {
        std::vector<std::string> out;
        for (const auto& user : world.users.list(world.admin(), search))
            out.push_back(user->user.userName);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(names(""), (V{ServiceWorld::kAdminName, "ana@acme.example", "bob@other.example",
                            "ANNA@Acme.example"}));
    EXPECT_EQ(names("ACME"), (V{"ana@acme.example", "ANNA@Acme.example"}));
    EXPECT_EQ(names("an"), (V{"ana@acme.example", "ANNA@Acme.example"}));
    EXPECT_EQ(names("first"), (V{"ana@acme.example", "bob@other.example", "ANNA@Acme.example"}))
        << "first names (the admin's is Admin)";
    EXPECT_EQ(names("ADMIN USER"), V{}) << "not across fields";
    EXPECT_EQ(names("nobody"), V{});
}

}  // namespace
}  // namespace tessera::service
