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

}  // namespace
}  // namespace tessera::service
