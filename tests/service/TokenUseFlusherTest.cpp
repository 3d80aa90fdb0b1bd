#include <gtest/gtest.h>

#include <chrono>

#include "ServiceWorld.h"

namespace tessera::service {
namespace {

using namespace tessera::testing;

// A world with one PAT, used through the Authenticator as GET /auth/check uses it.
struct OneToken {
    ServiceWorld world;
    std::string value;
    std::string locator;

    OneToken() {
        auto admin = world.admin();
        auto tenant = world.tenants.create(admin, "t", "test", "");
        if (!tenant) throw std::runtime_error(tenant.error().message);
        if (!world.roles.create(admin, "reader", "", {"quotes.read"}))
            throw std::runtime_error("cannot create the role");
        auto user =
            world.createUserWithoutPassword("user@example.com", {"reader"}, {(*tenant)->locator});
        auto created = world.tokens.create(world.as(user->user.locator),
                                           {"pat", {"quotes.read"}, {(*tenant)->locator}, {}});
        if (!created) throw std::runtime_error(created.error().message);
        value = created->value;
        locator = created->entry->token.locator;
    }
    void use(const std::string& ip) {
        auto principal = world.authenticator.authenticate("Bearer " + value, ip);
        ASSERT_TRUE(principal) << principal.error().message;
    }
    // The next flush succeeds and writes `tokens`; the store then holds this use of the token.
    void expectFlushed(size_t tokens, domain::Timestamp at, const std::string& ip) {
        auto flushed = world.flusher.flush();
        ASSERT_TRUE(flushed) << flushed.error().message;
        EXPECT_EQ(*flushed, tokens);
        auto token = stored();
        EXPECT_EQ(token.lastUsedAt, at);
        EXPECT_EQ(token.lastUsedIp, ip);
    }
    // What the store holds, read by another process.
    domain::PersonalAccessToken stored() {
        store::sqlite::SqliteStore reader(world.dir.file("tessera.db"), "reader");
        std::int64_t sequence = 0;
        auto all = reader.loadAll(sequence);
        if (!all) throw std::runtime_error(all.error().message);
        for (const auto& token : all->putTokens)
            if (token.locator == locator) return token;
        throw std::runtime_error("the token is not stored");
    }
};

// Uses recorded while the store refuses them are kept and written by the next flush that
// works; each token once, with its latest use.
TEST(TokenUseFlusher, UsesAStoreRefusedAreWrittenOnTheNextFlush) {
    OneToken f;
    auto& world = f.world;
    auto first = world.clock.at;
    f.use("10.0.0.1");
    world.store.tokenUses.failNextCalls(1, ErrorCode::Unavailable);
    auto refused = world.flusher.flush();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    EXPECT_FALSE(f.stored().lastUsedAt) << "not written";

    f.expectFlushed(1, first, "10.0.0.1");  // kept for the next flush

    EXPECT_EQ(world.flusher.flush().value(), 0u) << "written once";
    EXPECT_EQ(world.store.tokenUses.calls, 3);
    EXPECT_EQ(world.store.tokenUses.failed, 1);
}

// A use after a refused flush joins the kept one: the next flush writes the token once, with the
// newer use, and a store that refuses several times in a row loses nothing.
TEST(TokenUseFlusher, AUseAfterARefusedFlushIsWrittenOnceWithTheLatestUse) {
    OneToken f;
    auto& world = f.world;
    f.use("10.0.0.1");
    world.store.tokenUses.failNextCalls(2, ErrorCode::Unavailable);
    EXPECT_EQ(world.flusher.flush().error().code, ErrorCode::Unavailable);
    world.clock.at += std::chrono::seconds(30);
    auto latest = world.clock.at;
    f.use("10.0.0.2");
    EXPECT_EQ(world.flusher.flush().error().code, ErrorCode::Unavailable);

    f.expectFlushed(1, latest, "10.0.0.2");  // one token, queued once
    EXPECT_EQ(world.flusher.flush().value(), 0u);
}

}  // namespace
}  // namespace tessera::service
