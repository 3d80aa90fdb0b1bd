#include "service/Writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crypto/Ids.h"
#include "service/AuditScope.h"
#include "service/IoThread.h"

namespace tessera::service {

namespace {

// Each put writes the next revision of what it was prepared from (the store checks it).
void advanceRevisions(store::WriteBatch& batch) {
    for (auto& account : batch.putBusinessAccounts) ++account.revision;
    for (auto& tenant : batch.putTenants) ++tenant.revision;
    for (auto& role : batch.putRoles) ++role.revision;
    for (auto& user : batch.putUsers) ++user.revision;
}

constexpr int kAttempts = 5;

}  // namespace

Result<void> Writer::write(const std::function<Result<store::WriteBatch>()>& prepare) {
    noteBlockingWork("a write");
    std::lock_guard lock(mutex_);
    for (int attempt = 1;; ++attempt) {
        if (auto caughtUp = catchUpLocked(); !caughtUp) return std::unexpected(caughtUp.error());
        auto batch = prepare();
        if (!batch) return std::unexpected(batch.error());
        if (batch->empty()) return {};
        for (auto& event : batch->events) {
            stamp(event);
            if (event.locator <= lastEventLocator_)
                event.locator = crypto::nextUlid(lastEventLocator_);
            lastEventLocator_ = event.locator;
        }
        advanceRevisions(*batch);
        auto committed = store_.commit(*batch);
        // Another writer changed what this batch was prepared from: prepare it again from the
        // state after that change (the catch-up above reads it), so no change undoes another.
        if (!committed && committed.error().code == ErrorCode::ConcurrentChange && following_ &&
            attempt < kAttempts)
            continue;
        if (!committed) return committed;
        directory_.apply(*batch);
        for (const auto& event : batch->events) spdlog::info("{}", auditLogLine(event));
        return {};
    }
}

store::Store& Writer::store() {
    noteBlockingWork("a store read");
    return store_;
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

void Writer::follow(std::string origin, std::int64_t sequence) {
    std::lock_guard lock(mutex_);
    following_ = true;
    origin_ = std::move(origin);
    cursor_ = ChangeCursor(sequence);
}

Result<size_t> Writer::catchUp() {
    noteBlockingWork("reading the change log");
    std::lock_guard lock(mutex_);
    return catchUpLocked();
}

Result<size_t> Writer::catchUpLocked() {
    if (!following_) return size_t{0};
    auto changes = store_.changesAfter(cursor_.position());
    if (!changes) return std::unexpected(changes.error());
    auto now = ChangeCursor::Clock::now();
    auto before = cursor_;
    std::vector<store::ChangeEntry> foreign;
    for (const auto& change : *changes) {
        if (cursor_.see(change.sequence, now) && change.origin != origin_)
            foreign.push_back(change);
    }
    if (!foreign.empty()) {
        auto batch = store_.reload(foreign);
        if (!batch) {
            cursor_ = before;  // not applied: read them again next time
            return std::unexpected(batch.error());
        }
        directory_.apply(*batch);
        bool keys = std::ranges::any_of(foreign, [](const store::ChangeEntry& change) {
            return change.entity == "key_material";
        });
        if (keys && keysChanged_) keysChanged_();
    }
    cursor_.settle(now);
    return foreign.size();
}

}  // namespace tessera::service
