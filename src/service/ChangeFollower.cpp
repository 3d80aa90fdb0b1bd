#include "service/ChangeFollower.h"

namespace tessera::service {

Result<size_t> ChangeFollower::poll() {
    auto changes = store_.changesAfter(sequence_);
    if (!changes) return std::unexpected(changes.error());
    if (changes->empty()) return size_t{0};
    std::vector<store::ChangeEntry> foreign;
    for (const auto& change : *changes) {
        if (change.origin != origin_) foreign.push_back(change);
    }
    if (auto applied = writer_.applyExternal(foreign); !applied)
        return std::unexpected(applied.error());
    sequence_ = changes->back().sequence;
    return foreign.size();
}

}  // namespace tessera::service
