#include <gtest/gtest.h>

#include "../TestSupport.h"
#include "crypto/Jws.h"
#include "crypto/PatFormat.h"
#include "domain/Catalogue.h"
#include "service/AccessPolicy.h"
#include "service/Authenticator.h"

namespace tessera::service {
namespace {

using namespace tessera::testing;

const std::string kTenant = "6f9619ff-8b86-4011-b42d-00c04fc964ff";

struct Fixture {
    crypto::SystemRandom random;
    ManualClock clock;
    crypto::KeyedHash keyedHash{std::vector<std::uint8_t>(32, 5)};
    std::shared_ptr<const crypto::Es256Key> signingKey =
        std::make_shared<const crypto::Es256Key>(*crypto::Es256Key::generate());
    const crypto::Es256Key& key = *signingKey;
    SigningKeys signingKeys{signingKey};
    Directory directory{domain::Catalogue::defaults()};
    Authenticator authenticator{directory, keyedHash, signingKeys, clock, "https://auth.example"};
    std::string value;

    Fixture() {
        value = crypto::generatePatValue(random);
        store::WriteBatch batch;
        batch.putBusinessAccounts.push_back({"default", 3, {}, {}});
        batch.putTenants.push_back(makeTenant(kTenant));
        batch.putRoles.push_back(makeRole("R1", {"quotes.*"}));
        batch.putUsers.push_back(makeUser("u1", {"R1"}, {kTenant}));
        auto token = makeToken("k1", "u1", 0, {"quotes.write"});
        token.tenants = {kTenant};
        token.secretHash = keyedHash(value);
        token.expiresAt = clock.at + std::chrono::hours(1);
        batch.putTokens.push_back(token);
        domain::Session session;
        session.id = "s1";
        session.userLocator = "u1";
        session.businessAccount = "default";
        batch.putSessions.push_back(session);
        directory.apply(batch);
    }

    std::string jwt(std::string issuer = "https://auth.example/auth/realms/default",
                    long lifetime = 3600, const crypto::Es256Key* with = nullptr) {
        auto exp = (clock.at + std::chrono::seconds(lifetime)).time_since_epoch().count();
        return crypto::signJws(with ? *with : key,
                               R"({"iss":")" + issuer + R"(","sub":"u1","aud":"tessera","exp":)" +
                                   std::to_string(exp) + R"(,"jti":"s1","ba":"default"})");
    }
};

TEST(Authenticator, PAT4_AValidTokenAuthenticatesItsOwnerAndRecordsUse) {
    Fixture f;
    auto principal = f.authenticator.authenticate("Bearer " + f.value, "10.0.0.9");
    ASSERT_TRUE(principal) << principal.error().message;
    EXPECT_EQ(principal->method, AuthMethod::Pat);
    EXPECT_EQ(principal->account().locator, "u1");
    EXPECT_EQ(principal->token->lastIp(), "10.0.0.9");
    auto tenant = f.directory.findTenant(kTenant);
    EXPECT_EQ(decide(*principal, "quotes", "write", tenant.get()), domain::Decision::Allow);
    EXPECT_EQ(decide(*principal, "quotes", "read", tenant.get()), domain::Decision::DenyPermission);
}

TEST(Authenticator, PAT8_PAT10_USR1_RejectsMalformedUnknownExpiredAndDisabled) {
    Fixture f;
    std::string unknown = crypto::generatePatValue(f.random);
    std::vector<std::string> headers = {"", "Basic abc", "Bearer ", "Bearer tsr_short",
                                        "Bearer " + unknown};
    for (const auto& header : headers) {
        auto result = f.authenticator.authenticate(header, "");
        ASSERT_FALSE(result) << header;
        EXPECT_EQ(result.error().code, ErrorCode::Unauthenticated);
    }
    f.clock.at += std::chrono::hours(1);
    EXPECT_FALSE(f.authenticator.authenticate("Bearer " + f.value, ""))
        << "expired at its expiresAt";
    f.clock.at -= std::chrono::hours(1);
    auto disabled = f.directory.findUser("u1")->user;
    disabled.enabled = false;
    store::WriteBatch change;
    change.putUsers.push_back(disabled);
    f.directory.apply(change);
    EXPECT_FALSE(f.authenticator.authenticate("Bearer " + f.value, ""))
        << "a disabled owner stops its tokens";
}

TEST(Authenticator, JWT2_VerifiesOnceThenChecksSessionAndUserEveryTime) {
    Fixture f;
    auto token = f.jwt();
    auto first = f.authenticator.authenticateBearer(token, "");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->method, AuthMethod::Jwt);
    EXPECT_EQ(first->sessionId, "s1");
    EXPECT_TRUE(f.authenticator.authenticateBearer(token, "")) << "cache hit";
    store::WriteBatch logout;
    logout.deleteSessions.push_back("s1");
    f.directory.apply(logout);
    auto ended = f.authenticator.authenticateBearer(token, "");
    ASSERT_FALSE(ended);
    EXPECT_EQ(ended.error().message, "the session has ended");
}

// JWT-1 with rotate-signing-key: the new key signs; the retired one verifies until its
// `verifiesUntil` (the last token it can have signed has expired), then no longer.
TEST(Authenticator, JWT1_ARetiredKeyVerifiesUntilItsTokensHaveExpired) {
    Fixture f;
    const std::string issuer = "https://auth.example/auth/realms/default";
    auto oldToken = f.jwt(issuer, 600);
    auto oldLongToken = f.jwt(issuer, 7200);  // longer than it may verify: checked later
    auto next = std::make_shared<const crypto::Es256Key>(*crypto::Es256Key::generate());
    f.signingKeys.replace({next, {{f.signingKey, f.clock.at + std::chrono::seconds(3600)}}});
    EXPECT_TRUE(f.authenticator.authenticate("Bearer " + oldToken, "10.0.0.1"))
        << "signed before the rotation, still live";
    auto newToken = f.jwt(issuer, 7200, next.get());
    EXPECT_EQ(crypto::decodeJws(newToken)->kid, next->kid());
    EXPECT_EQ(f.signingKeys.get().verifying(f.clock.at).size(), 2u);

    f.clock.at += std::chrono::seconds(3601);
    EXPECT_EQ(f.signingKeys.get().verifying(f.clock.at).size(), 1u) << "dropped from the JWKS";
    EXPECT_FALSE(f.authenticator.authenticate("Bearer " + oldLongToken, "10.0.0.1"))
        << "the retired key no longer verifies";
    EXPECT_TRUE(f.authenticator.authenticate("Bearer " + newToken, "10.0.0.1"));
}

TEST(Authenticator, JWT1_RejectsExpiredForeignAndWrongIssuerTokens) {
    Fixture f;
    EXPECT_FALSE(
        f.authenticator.authenticateBearer(f.jwt("https://evil.example/auth/realms/default"), ""));
    auto shortLived = f.jwt("https://auth.example/auth/realms/default", 10);
    EXPECT_TRUE(f.authenticator.authenticateBearer(shortLived, ""));
    f.clock.at += std::chrono::seconds(10);
    EXPECT_FALSE(f.authenticator.authenticateBearer(shortLived, ""))
        << "expiry is checked on cache hits too";
    auto otherKey = *crypto::Es256Key::generate();
    auto foreign = crypto::signJws(
        otherKey,
        R"({"iss":"https://auth.example/auth/realms/default","sub":"u1","aud":"tessera","exp":9999999999,"jti":"s1","ba":"default"})");
    EXPECT_FALSE(f.authenticator.authenticateBearer(foreign, ""));
}

}  // namespace
}  // namespace tessera::service
