#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>

namespace tessera::service {

// Where a follower stands in the change log, without ever skipping an entry. Several writers
// (instances, operator commands) draw sequence numbers when they write and may commit them out
// of order: entry 11 can be visible while 10 is still being committed. The cursor therefore keeps
// `position()`, below which every entry was seen, and remembers the entries it saw above it; a
// number missing below a seen one is waited for until `gapTimeout` has passed (a writer that
// rolled back leaves a number that never appears).
class ChangeCursor {
  public:
    using Clock = std::chrono::steady_clock;

    explicit ChangeCursor(std::int64_t position = 0,
                          std::chrono::milliseconds gapTimeout = std::chrono::seconds(30))
        : position_(position), gapTimeout_(gapTimeout) {}

    // Read the log after this; every entry up to it was seen.
    std::int64_t position() const { return position_; }
    // An entry read from the log: true the first time it is seen (apply it), false after.
    bool see(std::int64_t sequence, Clock::time_point now);
    // After a read: moves the position over seen entries and over gaps waited for long enough.
    void settle(Clock::time_point now);
    size_t openGaps() const { return gaps_.size(); }

  private:
    std::int64_t position_;
    std::chrono::milliseconds gapTimeout_;
    std::set<std::int64_t> seenAhead_;                // seen, above position_
    std::map<std::int64_t, Clock::time_point> gaps_;  // missing, since when
};

}  // namespace tessera::service
