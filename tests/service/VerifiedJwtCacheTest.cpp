#include <gtest/gtest.h>

#include <thread>

#include "service/IoThread.h"
#include "service/VerifiedJwtCache.h"

namespace tessera::service {
namespace {

std::shared_ptr<const VerifiedJwt> entry(std::string session) {
    return std::make_shared<const VerifiedJwt>(VerifiedJwt{std::move(session), "user", {}});
}

// docs/architecture.md, performance (JWT cache hit): whole tokens are compared, never a prefix or a
// digest.
TEST(VerifiedJwtCache, FindsOnlyTheExactTokenText) {
    VerifiedJwtCache cache(8);
    cache.insert("header.payload.signature", entry("s1"));
    ASSERT_NE(cache.find("header.payload.signature"), nullptr);
    EXPECT_EQ(cache.find("header.payload.signature")->sessionId, "s1");
    EXPECT_EQ(cache.find("header.payload.signaturE"), nullptr);
    EXPECT_EQ(cache.find("header.payload.signature."), nullptr);
    EXPECT_EQ(cache.find("header.payload"), nullptr);
    auto stats = cache.stats();
    EXPECT_EQ(stats.hits, 2u);
    EXPECT_EQ(stats.misses, 3u);
}

// Bounded: two generations at most; a token used within the last generation survives, one not
// used for two generations is forgotten (and is verified again when it comes back).
TEST(VerifiedJwtCache, EvictsTheLeastRecentlyUsedGenerationInsteadOfEverything) {
    VerifiedJwtCache cache(2);
    cache.insert("a", entry("a"));
    cache.insert("b", entry("b"));
    cache.insert("c", entry("c"));        // newer was full: {a, b} became the older generation
    EXPECT_NE(cache.find("a"), nullptr);  // used again: moves to the newer generation
    cache.insert("d", entry("d"));        // newer {c, a} full: it becomes older, b is dropped
    EXPECT_EQ(cache.find("b"), nullptr);
    EXPECT_NE(cache.find("a"), nullptr);
    EXPECT_NE(cache.find("c"), nullptr);
    EXPECT_NE(cache.find("d"), nullptr);
    EXPECT_LE(cache.stats().entries, 4u);
    for (int i = 0; i < 100; ++i) cache.insert("t" + std::to_string(i), entry("t"));
    EXPECT_LE(cache.stats().entries, 4u);
}

TEST(VerifiedJwtCache, ClearForgetsEveryThreadsEntries) {
    VerifiedJwtCache cache(8);
    cache.insert("here", entry("here"));
    std::thread io([&] {
        markIoThread();
        cache.insert("there", entry("there"));
    });
    io.join();
    EXPECT_EQ(cache.stats().entries, 2u);
    cache.clear();
    EXPECT_EQ(cache.stats().entries, 0u);
    EXPECT_EQ(cache.find("here"), nullptr);
}

// Each I/O thread has its own shard: what one verified, another verifies for itself, and the
// counters add up across shards.
TEST(VerifiedJwtCache, IoThreadsKeepTheirOwnEntries) {
    VerifiedJwtCache cache(8);
    std::thread first([&] {
        markIoThread();
        cache.insert("token", entry("first"));
        EXPECT_NE(cache.find("token"), nullptr);
    });
    first.join();
    std::thread second([&] {
        markIoThread();
        EXPECT_EQ(cache.find("token"), nullptr);
    });
    second.join();
    auto stats = cache.stats();
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 1u);
}

}  // namespace
}  // namespace tessera::service
