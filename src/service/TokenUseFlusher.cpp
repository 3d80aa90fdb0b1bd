#include "service/TokenUseFlusher.h"

namespace tessera::service {

Result<size_t> TokenUseFlusher::flush() {
    std::vector<store::TokenUse> uses;
    // Only the tokens used since the last flush: queued by their first use, never found by
    // walking every token.
    auto used = directory_.takeUsedTokens();
    for (const auto& entry : used) {
        // Acquire: a use that set the flag is seen with its time. A use after this queues the
        // token again for the next flush.
        entry->usageDirty.exchange(false, std::memory_order_acq_rel);
        auto seconds = entry->lastUsedAt.load(std::memory_order_relaxed);
        uses.push_back({entry->token.locator, domain::Timestamp{std::chrono::seconds{seconds}},
                        entry->lastIp()});
    }
    if (auto recorded = store_.recordTokenUse(uses); !recorded) {
        // Written next time: flagged again, unless a use meanwhile queued it already.
        std::vector<std::shared_ptr<TokenEntry>> again;
        for (auto& entry : used) {
            if (!entry->usageDirty.exchange(true, std::memory_order_acq_rel))
                again.push_back(std::move(entry));
        }
        directory_.requeueUsedTokens(std::move(again));
        return std::unexpected(recorded.error());
    }
    return uses.size();
}

}  // namespace tessera::service
