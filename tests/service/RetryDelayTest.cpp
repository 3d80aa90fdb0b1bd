// AUD-2: how long a failed delivery waits before its next attempt.
#include <gtest/gtest.h>

#include "service/WebhookDispatcher.h"

namespace tessera::service {
namespace {

TEST(RetryDelay, AUD2_DoublesFromTheFirstWithJitterUpToAnHour) {
    using std::chrono::milliseconds;
    struct Case {
        std::int64_t attempt;
        double unit;
        milliseconds expected;
    };
    const Case cases[] = {
        {1, 0.5, milliseconds(1000)},       {2, 0.5, milliseconds(2000)},
        {3, 0.5, milliseconds(4000)},       {1, 0.0, milliseconds(750)},
        {1, 0.999, milliseconds(1249)},     {13, 0.5, milliseconds(3'600'000)},
        {40, 0.0, milliseconds(2'700'000)},
    };
    for (const auto& [attempt, unit, expected] : cases)
        EXPECT_EQ(retryDelay(milliseconds(1000), attempt, unit), expected)
            << "attempt " << attempt << ", jitter " << unit;
}

}  // namespace
}  // namespace tessera::service
