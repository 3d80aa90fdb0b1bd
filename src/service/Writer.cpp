#include "service/Writer.h"

#include <spdlog/spdlog.h>

#include "crypto/Ids.h"
#include "service/AuditScope.h"

namespace tessera::service {

Result<void> Writer::write(const std::function<Result<store::WriteBatch>()>& prepare) {
    std::lock_guard lock(mutex_);
    auto batch = prepare();
    if (!batch) return std::unexpected(batch.error());
    if (batch->empty()) return {};
    for (auto& event : batch->events) {
        stamp(event);
        if (event.locator <= lastEventLocator_) event.locator = crypto::nextUlid(lastEventLocator_);
        lastEventLocator_ = event.locator;
    }
    if (auto committed = store_.commit(*batch); !committed) return committed;
    directory_.apply(*batch);
    for (const auto& event : batch->events) spdlog::info("{}", auditLogLine(event));
    return {};
}

void Writer::stamp(domain::AuditEvent& event) {
    event.locator = crypto::newUlid(random_, std::chrono::system_clock::now());
    event.timestamp = clock_.now();
    AuditScope::stamp(event);
}

void Writer::logOnly(domain::AuditEvent event) {
    stamp(event);
    spdlog::info("{}", auditLogLine(event));
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
