#include "service/ChangeCursor.h"

namespace tessera::service {

bool ChangeCursor::see(std::int64_t sequence, Clock::time_point now) {
    if (sequence <= position_ || seenAhead_.contains(sequence)) return false;
    // Everything between the highest number known so far and this one is a gap until seen.
    std::int64_t highest = seenAhead_.empty() ? position_ : *seenAhead_.rbegin();
    for (auto missing = highest + 1; missing < sequence; ++missing) gaps_.emplace(missing, now);
    gaps_.erase(sequence);
    seenAhead_.insert(sequence);
    return true;
}

void ChangeCursor::settle(Clock::time_point now) {
    for (;;) {
        auto next = position_ + 1;
        if (seenAhead_.erase(next) > 0) {
            position_ = next;
            continue;
        }
        auto gap = gaps_.find(next);
        if (gap != gaps_.end() && now - gap->second >= gapTimeout_) {
            gaps_.erase(gap);  // never committed: a rolled-back write
            position_ = next;
            continue;
        }
        return;
    }
}

}  // namespace tessera::service
