#include <gtest/gtest.h>

#include "domain/Timestamp.h"

namespace tessera::domain {
namespace {

TEST(Timestamp, WhatParsesFormatsBackToTheSameInstant) {
    for (const char* text :
         {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59+01:00", "2030-06-01T12:00:00-11:59"}) {
        auto parsed = parseTimestamp(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(parseTimestamp(formatTimestamp(*parsed)), parsed) << text;
    }
}

TEST(Timestamp, FormatsRfc3339Utc) {
    EXPECT_EQ(formatTimestamp(Timestamp{std::chrono::seconds{0}}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(formatTimestamp(Timestamp{std::chrono::seconds{1893456000}}), "2030-01-01T00:00:00Z");
}

TEST(Timestamp, ParsesRfc3339AndRejectsTheRest) {
    struct Case {
        const char* text;
        std::optional<long> seconds;
    };
    for (const auto& c : std::vector<Case>{
             {"2030-01-01T00:00:00Z", 1893456000},
             {"2030-01-01T00:00:00.123Z", 1893456000},
             {"2030-01-01T02:00:00+02:00", 1893456000},
             {"2029-12-31T22:30:00-01:30", 1893456000},
             {"2030-01-01t00:00:00z", 1893456000},
             {"2030-01-01", std::nullopt},
             {"2030-01-01T00:00:00", std::nullopt},
             {"2030-02-30T00:00:00Z", std::nullopt},
             {"2030-01-01T24:00:00Z", std::nullopt},
             {"2030-01-01T00:00:00Zjunk", std::nullopt},
             {"2030-01-01T00:00:00.Z", std::nullopt},
             {"9999-12-31T23:59:59Z", 253402300799},
             {"9999-12-31T23:59:59-00:01", std::nullopt},  // year 10000 in UTC
             {"0000-01-01T00:00:00+00:01", std::nullopt},  // year -1 in UTC
             {"next tuesday", std::nullopt},
             {"", std::nullopt},
         }) {
        auto parsed = parseTimestamp(c.text);
        ASSERT_EQ(parsed.has_value(), c.seconds.has_value()) << c.text;
        if (parsed) {
            EXPECT_EQ(parsed->time_since_epoch().count(), *c.seconds) << c.text;
        }
    }
}

}  // namespace
}  // namespace tessera::domain
