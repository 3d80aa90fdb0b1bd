#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "service/ExpiryCount.h"

namespace tessera::service {
namespace {

domain::Timestamp at(long seconds) {
    return domain::Timestamp{std::chrono::seconds{seconds}};
}

// PAT-8: a token is expired from its `expiresAt` on; the live-token count of /metrics is the
// tokens minus those. Each step changes the set or asks at a time; `passed` is the answer a walk
// over every expiry would give.
TEST(ExpiryCount, PAT8_CountsPassedExpiriesAsAWalkWould) {
    struct Step {
        std::string what;
        char op;  // '+' add, '-' remove, '?' ask
        long seconds;
        std::size_t passed;  // for '?'
    };
    const std::vector<Step> steps = {
        {"nothing yet", '?', 100, 0},
        {"", '+', 200, 0},
        {"", '+', 300, 0},
        {"", '+', 300, 0},
        {"before all", '?', 150, 0},
        {"at an expiry counts it", '?', 200, 1},
        {"both at 300", '?', 300, 3},
        {"", '+', 250, 0},
        {"added behind the cursor counts at once", '?', 300, 4},
        {"", '-', 200, 0},
        {"removed behind the cursor", '?', 300, 3},
        {"", '-', 999, 0},
        {"removing an unknown time changes nothing", '?', 300, 3},
        {"the clock went back", '?', 260, 1},
        {"and forward again", '?', 1000, 3},
        {"", '+', 2000, 0},
        {"", '-', 300, 0},
        {"one of two at 300 left", '?', 1000, 2},
        {"", '-', 300, 0},
        {"", '-', 250, 0},
        {"", '-', 2000, 0},
        {"empty again", '?', 5000, 0},
    };
    ExpiryCount count;
    std::vector<long> held;
    for (const auto& step : steps) {
        if (step.op == '+') {
            count.add(at(step.seconds));
            held.push_back(step.seconds);
        } else if (step.op == '-') {
            count.remove(at(step.seconds));
            if (auto it = std::find(held.begin(), held.end(), step.seconds); it != held.end())
                held.erase(it);
        } else {
            std::size_t walked = 0;
            for (long expiry : held) walked += expiry <= step.seconds ? 1 : 0;
            ASSERT_EQ(walked, step.passed) << step.what << ": the table itself is wrong";
            EXPECT_EQ(count.passedAt(at(step.seconds)), step.passed) << step.what;
        }
        EXPECT_EQ(count.size(), held.size());
    }
}

}  // namespace
}  // namespace tessera::service
