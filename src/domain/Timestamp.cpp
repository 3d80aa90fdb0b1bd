#include "domain/Timestamp.h"

#include <cstdio>

namespace tessera::domain {
namespace {

bool readDigits(std::string_view text, size_t pos, size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

}  // namespace

std::string formatTimestamp(Timestamp at) {
    auto days = std::chrono::floor<std::chrono::days>(at);
    std::chrono::year_month_day date{days};
    std::chrono::hh_mm_ss time{at - days};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()));
    return buffer;
}

std::optional<Timestamp> parseTimestamp(std::string_view text) {
    int year, month, day, hour, minute, second;
    if (text.size() < 20 || !readDigits(text, 0, 4, year) || text[4] != '-' ||
        !readDigits(text, 5, 2, month) || text[7] != '-' || !readDigits(text, 8, 2, day) ||
        (text[10] != 'T' && text[10] != 't') || !readDigits(text, 11, 2, hour) || text[13] != ':' ||
        !readDigits(text, 14, 2, minute) || text[16] != ':' || !readDigits(text, 17, 2, second)) {
        return std::nullopt;
    }
    size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    int offsetSeconds = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int offHour, offMinute;
        if (!readDigits(text, pos + 1, 2, offHour) || pos + 3 >= text.size() ||
            text[pos + 3] != ':' || !readDigits(text, pos + 4, 2, offMinute) || offHour > 23 ||
            offMinute > 59) {
            return std::nullopt;
        }
        offsetSeconds = (offHour * 3600 + offMinute * 60) * (text[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                     std::chrono::day{unsigned(day)}};
    if (!date.ok()) return std::nullopt;
    Timestamp at = std::chrono::sys_days{date} + std::chrono::hours{hour} +
                   std::chrono::minutes{minute} + std::chrono::seconds{second} -
                   std::chrono::seconds{offsetSeconds};
    // An offset can carry the instant out of the years RFC 3339 writes (0000 to 9999), where
    // formatTimestamp could not write it back. Found by fuzzing.
    auto utcYear =
        int(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(at)}.year());
    if (utcYear < 0 || utcYear > 9999) return std::nullopt;
    return at;
}

}  // namespace tessera::domain
