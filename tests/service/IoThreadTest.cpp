#include <gtest/gtest.h>

#include <thread>

#include "../TestSupport.h"
#include "crypto/Random.h"
#include "service/IoThread.h"
#include "service/Writer.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::service {
namespace {

// docs/architecture.md: writes never run on the I/O threads that serve the hot path. A write made
// on one is counted, which is what the route walk of the integration tests asserts is zero.
TEST(IoThread, AWriteOnAnIoThreadIsCountedAndOneOnAWorkerIsNot) {
    testing::TempDir dir;
    store::sqlite::SqliteStore store(dir.file("t.db"), "origin");
    Directory directory(domain::Catalogue::defaults());
    crypto::SystemRandom random;
    testing::ManualClock clock;
    Writer writer(store, directory, random, clock);
    auto writeAccount = [&](const std::string& name) {
        return writer.write([&]() -> Result<store::WriteBatch> {
            store::WriteBatch batch;
            domain::BusinessAccount account;
            account.name = name;
            batch.putBusinessAccounts.push_back(account);
            return batch;
        });
    };

    auto before = ioThreadBlockingCount();
    std::thread worker([&] { EXPECT_TRUE(writeAccount("on-a-worker")); });
    worker.join();
    EXPECT_EQ(ioThreadBlockingCount(), before);

    std::thread io([&] {
        markIoThread();
        EXPECT_TRUE(onIoThread());
        EXPECT_TRUE(writeAccount("on-an-io-thread"));  // still done: the count flags the defect
    });
    io.join();
    EXPECT_EQ(ioThreadBlockingCount(), before + 1);
    EXPECT_FALSE(onIoThread());  // the mark is per thread
}

}  // namespace
}  // namespace tessera::service
