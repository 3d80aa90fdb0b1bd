#include "service/Writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "crypto/Ids.h"
#include "service/AuditScope.h"
#include "service/IoThread.h"
#include "service/Notifications.h"
#include "service/TokenDormancy.h"

namespace tessera::service {

namespace {

// Each put writes the next revision of what it was prepared from (the store checks it).
void advanceRevisions(store::WriteBatch& batch) {
    for (auto& account : batch.putBusinessAccounts) ++account.revision;
    for (auto& tenant : batch.putTenants) ++tenant.revision;
    for (auto& role : batch.putRoles) ++role.revision;
    for (auto& user : batch.putUsers) ++user.revision;
    for (auto& endpoint : batch.putWebhookEndpoints) ++endpoint.revision;
}

constexpr int kAttempts = 5;
constexpr std::size_t kMostInGroup = 64;

// Failures a batch can meet because an earlier member of its group committed first.
bool mayBeCausedByGroup(ErrorCode code) {
    return code == ErrorCode::ConcurrentChange || code == ErrorCode::Conflict ||
           code == ErrorCode::PatLimitReached || code == ErrorCode::VersionConflict ||
           code == ErrorCode::NotFound;
}

}  // namespace

// What a group's leader decided for one member, published to it under queueMutex_.
struct Writer::Outcome {
    enum class State { Undecided, Again, Done } state = State::Undecided;
    Result<void> result;
    std::exception_ptr thrown;  // a programming error, rethrown to the caller
    void finish(Result<void> value) {
        state = State::Done;
        result = std::move(value);
    }
};

struct Writer::Pending {
    Pending(const std::function<Result<store::WriteBatch>()>& prepare, const AuditScope* scope,
            Sharing sharing)
        : prepare(&prepare), scope(scope), sharing(sharing) {}
    const std::function<Result<store::WriteBatch>()>* prepare;
    const AuditScope* scope;  // the caller's: its events name its actor and request
    Sharing sharing;
    int attempt = 1;  // touched only by the leader of the group it is in
    // Set under queueMutex_ when decided; the caller returns once `done`.
    bool done = false;
    Outcome outcome;
};

Result<void> Writer::write(const std::function<Result<store::WriteBatch>()>& prepare,
                           Sharing sharing) {
    noteBlockingWork("a write");
    Pending mine(prepare, AuditScope::current(), sharing);
    std::unique_lock lock(queueMutex_);
    queue_.push_back(&mine);
    while (!mine.done) {
        if (leading_) {
            groupDone_.wait(lock);
            continue;
        }
        leading_ = true;
        std::vector<Pending*> group;
        std::vector<Outcome> outcomes;
        std::exception_ptr failed;
        try {
            group = takeGroupLocked();
            outcomes.resize(group.size());
            lock.unlock();
            commitGroup(group, outcomes);
        } catch (...) {
            failed = std::current_exception();
        }
        if (!lock.owns_lock()) lock.lock();
        std::vector<Pending*> again;
        for (std::size_t i = 0; i < group.size(); ++i) {
            auto& outcome = outcomes[i];
            if (outcome.state == Outcome::State::Undecided && failed) {
                outcome.state = Outcome::State::Done;
                outcome.thrown = failed;
            }
            if (outcome.state != Outcome::State::Done) {
                again.push_back(group[i]);
                continue;
            }
            group[i]->outcome = std::move(outcome);
            group[i]->done = true;
        }
        queue_.insert(queue_.begin(), again.begin(), again.end());
        leading_ = false;
        groupDone_.notify_all();
    }
    if (mine.outcome.thrown) std::rethrow_exception(mine.outcome.thrown);
    return std::move(mine.outcome.result);
}

std::vector<Writer::Pending*> Writer::takeGroupLocked() {
    // A write that may not share a commit goes alone; otherwise every such write waiting behind
    // the first, up to the first that may not (it keeps its place).
    std::size_t size = 1;
    if (queue_.front()->sharing == Sharing::MayShareCommit) {
        while (size < queue_.size() && size < kMostInGroup &&
               queue_[size]->sharing == Sharing::MayShareCommit)
            ++size;
    }
    std::vector<Pending*> group;
    group.reserve(size);  // the only step that may throw: before anything leaves the queue
    for (std::size_t i = 0; i < size; ++i) {
        group.push_back(queue_.front());
        queue_.pop_front();
    }
    return group;
}

void Writer::commitGroup(const std::vector<Pending*>& group, std::vector<Outcome>& outcomes) {
    std::lock_guard lock(mutex_);
    if (auto caughtUp = catchUpLocked(); !caughtUp) {
        for (auto& outcome : outcomes) outcome.finish(std::unexpected(caughtUp.error()));
        return;
    }
    std::vector<std::size_t> members;  // indices into group
    std::vector<store::WriteBatch> batches;
    batches.reserve(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) {
        auto* pending = group[i];
        AuditScope::Borrowed scope(pending->scope);
        Result<store::WriteBatch> batch;
        try {
            batch = (*pending->prepare)();
        } catch (...) {
            outcomes[i].state = Outcome::State::Done;
            outcomes[i].thrown = std::current_exception();
            continue;
        }
        if (!batch) {
            outcomes[i].finish(std::unexpected(batch.error()));
            continue;
        }
        if (batch->empty()) {
            outcomes[i].finish({});
            continue;
        }
        // AUD-2: every use case that changes rights gets its dormancy notices here, and every
        // notification its audit-trail entry.
        for (auto& notice : dormancyNotifications(directory_, *batch))
            batch->notifications.push_back(std::move(notice));
        for (auto& notification : batch->notifications) {
            stampNotification(notification,
                              "msg_" + crypto::newUlid(random_, std::chrono::system_clock::now()),
                              clock_.now());
            batch->events.push_back(notificationAuditEvent(notification));
        }
        for (auto& event : batch->events) {
            stamp(event);
            if (event.locator <= lastEventLocator_)
                event.locator = crypto::nextUlid(lastEventLocator_);
            lastEventLocator_ = event.locator;
        }
        advanceRevisions(*batch);
        members.push_back(i);
        batches.push_back(std::move(*batch));
    }
    if (batches.empty()) return;
    std::vector<const store::WriteBatch*> pointers;
    for (const auto& batch : batches) pointers.push_back(&batch);
    auto results = store_.commitTogether(pointers);
    bool notified = false;
    for (std::size_t k = 0; k < members.size(); ++k) {
        auto& outcome = outcomes[members[k]];
        auto* pending = group[members[k]];
        if (results[k]) {
            directory_.apply(batches[k]);
            for (const auto& event : batches[k].events) spdlog::info("{}", auditLogLine(event));
            notified = notified || !batches[k].notifications.empty();
            outcome.finish({});
            continue;
        }
        auto code = results[k].error().code;
        // Behind another member that may have caused the refusal: first in the next group,
        // prepared from the state this group leaves.
        bool behindAnother = k > 0 && mayBeCausedByGroup(code);
        // Another writer (instance, operator command) changed what this batch was prepared
        // from: prepare it again from the state after that change (the catch-up reads it).
        bool concurrent =
            code == ErrorCode::ConcurrentChange && following_ && pending->attempt < kAttempts;
        if (behindAnother) {
            outcome.state = Outcome::State::Again;
        } else if (concurrent) {
            ++pending->attempt;
            outcome.state = Outcome::State::Again;
        } else {
            outcome.finish(std::move(results[k]));
        }
    }
    if (notified && notified_) notified_();
}

std::size_t Writer::waiting() {
    std::lock_guard lock(queueMutex_);
    return queue_.size();
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
    position_.store(sequence, std::memory_order_relaxed);
}

Result<size_t> Writer::catchUp() {
    noteBlockingWork("reading the change log");
    std::lock_guard lock(mutex_);
    return catchUpLocked();
}

Result<size_t> Writer::catchUpLocked() {
    size_t applied = 0;
    while (following_) {
        auto from = cursor_.position();
        auto read = catchUpOnce(applied);
        TESSERA_TRY(read);
        // A full read may have more behind it; a cursor held at a gap waits for the next call.
        if (*read < store::Store::kChangesPerRead || cursor_.position() == from) break;
    }
    return applied;
}

Result<size_t> Writer::catchUpOnce(size_t& applied) {
    auto changes = store_.changesAfter(cursor_.position());
    TESSERA_TRY(changes);
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
    position_.store(cursor_.position(), std::memory_order_relaxed);
    applied += foreign.size();
    return changes->size();
}

}  // namespace tessera::service
