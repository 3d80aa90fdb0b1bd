#include <gtest/gtest.h>

#include "service/ChangeCursor.h"

namespace tessera::service {
namespace {

using namespace std::chrono_literals;

// docs/architecture.md (several instances): a follower never skips a change-log entry, even when
// two writers commit their sequence numbers out of order.
TEST(ChangeCursor, NeverSkipsAnEntryCommittedOutOfOrder) {
    ChangeCursor::Clock::time_point t0{};
    ChangeCursor cursor(9, 30s);
    // 11 is visible before 10 commits: apply 11, but read after 9 again.
    EXPECT_TRUE(cursor.see(11, t0));
    cursor.settle(t0);
    EXPECT_EQ(cursor.position(), 9);
    EXPECT_EQ(cursor.openGaps(), 1u);
    // The next read returns 10 and 11 again: 10 is new, 11 is not applied twice.
    EXPECT_TRUE(cursor.see(10, t0 + 1s));
    EXPECT_FALSE(cursor.see(11, t0 + 1s));
    cursor.settle(t0 + 1s);
    EXPECT_EQ(cursor.position(), 11);
    EXPECT_EQ(cursor.openGaps(), 0u);
    EXPECT_FALSE(cursor.see(10, t0 + 2s));
}

TEST(ChangeCursor, GivesUpOnANumberThatNeverCommitsAfterTheTimeout) {
    ChangeCursor::Clock::time_point t0{};
    ChangeCursor cursor(0, 30s);
    EXPECT_TRUE(cursor.see(1, t0));
    EXPECT_TRUE(cursor.see(4, t0));  // 2 and 3 still committing, or rolled back
    cursor.settle(t0 + 29s);
    EXPECT_EQ(cursor.position(), 1);
    EXPECT_TRUE(cursor.see(3, t0 + 29s));
    cursor.settle(t0 + 30s);  // 2 waited for 30 s: given up; 3 and 4 were seen
    EXPECT_EQ(cursor.position(), 4);
    EXPECT_EQ(cursor.openGaps(), 0u);
}

TEST(ChangeCursor, InOrderEntriesAdvanceAtOnce) {
    ChangeCursor::Clock::time_point t0{};
    ChangeCursor cursor(0);
    for (std::int64_t sequence = 1; sequence <= 100; ++sequence)
        EXPECT_TRUE(cursor.see(sequence, t0));
    cursor.settle(t0);
    EXPECT_EQ(cursor.position(), 100);
    EXPECT_EQ(cursor.openGaps(), 0u);
}

}  // namespace
}  // namespace tessera::service
