#include "service/TokenUseFlusher.h"

namespace tessera::service {

Result<size_t> TokenUseFlusher::flush() {
    std::vector<store::TokenUse> uses;
    auto dirty = directory_.tokensWithUnflushedUse();
    for (const auto& entry : dirty) {
        entry->usageDirty.store(false, std::memory_order_release);
        auto seconds = entry->lastUsedAt.load(std::memory_order_relaxed);
        uses.push_back({entry->token.locator, domain::Timestamp{std::chrono::seconds{seconds}},
                        entry->lastIp()});
    }
    if (auto recorded = store_.recordTokenUse(uses); !recorded) {
        for (const auto& entry : dirty) entry->usageDirty.store(true, std::memory_order_release);
        return std::unexpected(recorded.error());
    }
    return uses.size();
}

}  // namespace tessera::service
