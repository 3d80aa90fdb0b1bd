// Google Benchmark for the hot path (docs/architecture.md, performance): PAT verify + authorize in
// process, and JWT verify on a cache hit and a miss. Run: build/tessera_bench
#include <benchmark/benchmark.h>

#include <memory>

#include "crypto/Jws.h"
#include "crypto/KeyedHash.h"
#include "crypto/PatFormat.h"
#include "domain/Catalogue.h"
#include "service/AccessPolicy.h"
#include "service/Authenticator.h"
#include "service/Directory.h"

namespace {

using namespace tessera;

class FixedClock final : public service::Clock {
  public:
    domain::Timestamp now() const override { return at; }
    domain::Timestamp at =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
};

// A Directory with one business account, one tenant, one user holding a role, and `tokenCount`
// tokens of which the caller uses one.
struct World {
    crypto::SystemRandom random;
    FixedClock clock;
    crypto::KeyedHash keyedHash{std::vector<std::uint8_t>(32, 7)};
    std::shared_ptr<const crypto::Es256Key> signingKey =
        std::make_shared<const crypto::Es256Key>(*crypto::Es256Key::generate());
    const crypto::Es256Key& key = *signingKey;
    service::SigningKeys signingKeys{signingKey};
    service::Directory directory{domain::Catalogue::defaults()};
    std::string patValue;
    std::string tenantLocator = "6f9619ff-8b86-4011-b42d-00c04fc964ff";
    std::string userLocator = "0b8a3f5e-1111-4222-8333-444455556666";
    // As the server has it: the peer's text and address, from the connection.
    domain::ClientAddress client{"127.0.0.1", domain::parseIpAddress("127.0.0.1")};

    // `callerNetworks`: the allowed networks (PAT-12) of the token the caller uses.
    explicit World(int tokenCount, std::vector<std::string> callerNetworks = {}) {
        store::WriteBatch batch;
        batch.putBusinessAccounts.push_back({"default", 3, clock.now(), {}});
        batch.putTenants.push_back({tenantLocator, "default", "bench", domain::TenantType::Test, "",
                                    clock.now(), "", clock.now()});
        domain::Role role;
        role.locator = "01BENCHR0LE000000000000000";
        role.businessAccount = "default";
        role.name = "quoter";
        role.permissions = {"quotes.*", "policies.read"};
        batch.putRoles.push_back(role);
        domain::User user;
        user.locator = userLocator;
        user.businessAccount = "default";
        user.userName = "bench@example.com";
        user.roleLocators = {role.locator};
        user.tenants = {tenantLocator};
        batch.putUsers.push_back(user);
        for (int i = 0; i < tokenCount; ++i) {
            auto value = crypto::generatePatValue(random);
            domain::PersonalAccessToken token;
            token.locator = "T" + std::to_string(i);
            token.ownerLocator = userLocator;
            token.name = "t" + std::to_string(i);
            token.permissions = {"quotes.write"};
            token.tenants = {tenantLocator};
            token.secretHash = keyedHash(value);
            if (i == 0) token.allowedNetworks = domain::parseIpNetworks(callerNetworks).value();
            batch.putTokens.push_back(token);
            if (i == 0) patValue = value;
        }
        directory.apply(batch);
    }
};

void BM_PatVerifyAndAuthorize(benchmark::State& state) {
    World world(int(state.range(0)));
    service::Authenticator authenticator(world.directory, world.keyedHash, world.signingKeys,
                                         world.clock, "http://bench");
    auto tenant = world.directory.findTenant(world.tenantLocator);
    for (auto _ : state) {
        auto principal = authenticator.authenticateBearer(world.patValue, world.client);
        auto decision = service::decide(*principal, "quotes", "write", tenant.get());
        benchmark::DoNotOptimize(decision);
    }
}
BENCHMARK(BM_PatVerifyAndAuthorize)->Arg(1)->Arg(100000);

// PAT-12: the same with a token bound to four networks, the client in the last of them: what the
// check of the client address adds to the hot path.
void BM_PatVerifyAndAuthorizeFromAllowedNetwork(benchmark::State& state) {
    World world(int(state.range(0)),
                {"10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "127.0.0.0/8"});
    service::Authenticator authenticator(world.directory, world.keyedHash, world.signingKeys,
                                         world.clock, "http://bench");
    auto tenant = world.directory.findTenant(world.tenantLocator);
    if (!authenticator.authenticateBearer(world.patValue, world.client))
        state.SkipWithError("the token was refused from its network");
    for (auto _ : state) {
        auto principal = authenticator.authenticateBearer(world.patValue, world.client);
        auto decision = service::decide(*principal, "quotes", "write", tenant.get());
        benchmark::DoNotOptimize(decision);
    }
}
BENCHMARK(BM_PatVerifyAndAuthorizeFromAllowedNetwork)->Arg(100000);

void BM_KeyedHashOfPat(benchmark::State& state) {
    World world(1);
    for (auto _ : state) benchmark::DoNotOptimize(world.keyedHash(world.patValue));
}
BENCHMARK(BM_KeyedHashOfPat);

// A signed access token for a live session, as the token endpoint issues it.
std::string issueJwt(World& world) {
    domain::Session session;
    session.id = "01BENCHSESS10N000000000000";
    session.userLocator = world.userLocator;
    session.businessAccount = "default";
    store::WriteBatch batch;
    batch.putSessions.push_back(session);
    world.directory.apply(batch);
    auto claims =
        R"({"iss":"http://bench/auth/realms/default","sub":")" + world.userLocator +
        R"(","aud":"tessera","exp":)" +
        std::to_string((world.clock.now() + std::chrono::hours(1)).time_since_epoch().count()) +
        R"(,"jti":"01BENCHSESS10N000000000000","ba":"default"})";
    return crypto::signJws(world.key, claims);
}

void BM_JwtVerifyCacheHit(benchmark::State& state) {
    World world(1);
    service::Authenticator authenticator(world.directory, world.keyedHash, world.signingKeys,
                                         world.clock, "http://bench");
    auto jwt = issueJwt(world);
    if (!authenticator.authenticateBearer(jwt, "")) state.SkipWithError("the JWT did not verify");
    for (auto _ : state) benchmark::DoNotOptimize(authenticator.authenticateBearer(jwt, ""));
}
BENCHMARK(BM_JwtVerifyCacheHit);

void BM_JwtVerifyCacheMiss(benchmark::State& state) {
    World world(1);
    service::Authenticator authenticator(world.directory, world.keyedHash, world.signingKeys,
                                         world.clock, "http://bench");
    auto jwt = issueJwt(world);
    for (auto _ : state) {
        authenticator.forgetVerifiedTokens();
        benchmark::DoNotOptimize(authenticator.authenticateBearer(jwt, ""));
    }
}
BENCHMARK(BM_JwtVerifyCacheMiss);

}  // namespace

BENCHMARK_MAIN();
