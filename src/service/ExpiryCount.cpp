#include "service/ExpiryCount.h"

namespace tessera::service {

void ExpiryCount::add(domain::Timestamp expiry) {
    ++counts_[expiry];
    ++size_;
    if (expiry <= cursor_) ++passed_;
}

void ExpiryCount::remove(domain::Timestamp expiry) {
    auto it = counts_.find(expiry);
    if (it == counts_.end()) return;
    if (--it->second == 0) counts_.erase(it);
    --size_;
    if (expiry <= cursor_) --passed_;
}

std::size_t ExpiryCount::passedAt(domain::Timestamp now) {
    if (now > cursor_) {
        for (auto it = counts_.upper_bound(cursor_); it != counts_.end() && it->first <= now; ++it)
            passed_ += it->second;
    } else if (now < cursor_) {
        // The clock went back (or an older time was asked for): uncount what lies after it.
        for (auto it = counts_.upper_bound(now); it != counts_.end() && it->first <= cursor_; ++it)
            passed_ -= it->second;
    }
    cursor_ = now;
    return passed_;
}

}  // namespace tessera::service
