#include "service/Writer.h"

namespace tessera::service {

Result<void> Writer::write(const std::function<Result<store::WriteBatch>()>& prepare) {
    std::lock_guard lock(mutex_);
    auto batch = prepare();
    if (!batch) return std::unexpected(batch.error());
    if (batch->empty()) return {};
    if (auto committed = store_.commit(*batch); !committed) return committed;
    directory_.apply(*batch);
    return {};
}

Result<void> Writer::applyExternal(const std::vector<store::ChangeEntry>& changes) {
    if (changes.empty()) return {};
    std::lock_guard lock(mutex_);
    auto batch = store_.reload(changes);
    if (!batch) return std::unexpected(batch.error());
    directory_.apply(*batch);
    return {};
}

}  // namespace tessera::service
