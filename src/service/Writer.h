#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "crypto/Random.h"
#include "domain/Error.h"
#include "service/ChangeCursor.h"
#include "service/Clock.h"
#include "service/Directory.h"
#include "store/Store.h"

namespace tessera::service {

// Serialises use cases that write: each builds its batch from the current Directory, the store
// commits it durably, and the Directory applies it before the response is sent, so the next
// request sees the change. Audit events in the batch get their locator, time and actor here,
// are committed with the change and then logged as JSON lines (AUD-1). Never used on an I/O
// thread.
//
// Group commit: concurrent writes queue up in arrival order, and the first caller leads a group.
// A write that may not share a commit forms a group of its own, prepared from everything before
// it and committed before anything after it is prepared, as if writes ran one after another.
// Writes that may share one (MayShareCommit) and wait together are prepared one after another
// from the same view (each under its own caller's AuditScope) and committed in one transaction,
// one durable flush for all. One the store refuses behind another member of its group (a name
// or the PAT limit taken, a token already deleted) is prepared again first in the next group,
// from the state the group left.
class Writer {
  public:
    Writer(store::Store& store, Directory& directory, crypto::Random& random, const Clock& clock)
        : store_(store), directory_(directory), random_(random), clock_(clock) {}

    // MayShareCommit only for writes whose every precondition the store re-checks inside the
    // transaction (a unique name, the PAT limit, a row that must still exist), so sharing a
    // commit cannot let two writes pass a rule that one after the other would not.
    enum class Sharing { Alone, MayShareCommit };

    // Prepares the batch from the current Directory, commits it and applies it: the change is
    // durable and visible when this returns.
    Result<void> write(const std::function<Result<store::WriteBatch>()>& prepare,
                       Sharing sharing = Sharing::Alone);

    // Follow the change log from `sequence`, skipping entries of `origin` (this writer's own).
    // Every write then first applies what other writers (operator commands, other instances)
    // committed, so a batch is never prepared from a view older than the log: a whole-row put
    // cannot undo a change it has not seen.
    void follow(std::string origin, std::int64_t sequence);
    // Called (inside the writer's serialisation) when another process changed the key material.
    void onKeyMaterialChange(std::function<void()> reload) { keysChanged_ = std::move(reload); }
    // Called after a commit that put notifications into the outbox (AUD-2: the dispatcher
    // delivers at once instead of at its next look). Set before the first write.
    void onNotificationsCommitted(std::function<void()> wake) { notified_ = std::move(wake); }
    // Applies foreign changes committed since the last look; returns how many.
    Result<size_t> catchUp();
    // Every change-log entry up to this one has been read (and applied unless it was this
    // writer's own). Any thread.
    std::int64_t position() const { return position_.load(std::memory_order_relaxed); }

    // An event that is logged but not stored (a flood of locked logins must not become a flood
    // of writes); stamped like the stored ones.
    void logOnly(domain::AuditEvent event);

    // Writes queued behind the group being committed.
    std::size_t waiting();

    // For the reads that go to the store (never on an I/O thread).
    store::Store& store();

  private:
    struct Pending;
    struct Outcome;
    std::vector<Pending*> takeGroupLocked();  // under queueMutex_, from a non-empty queue
    // Under mutex_: prepares and commits the group, deciding each member's outcome.
    void commitGroup(const std::vector<Pending*>& group, std::vector<Outcome>& outcomes);
    void stamp(domain::AuditEvent& event);
    Result<size_t> catchUpLocked();
    // One read of the change log; adds what it applied to `applied`, returns how many it read.
    Result<size_t> catchUpOnce(size_t& applied);
    // Stored events get strictly increasing locators, so that paging by locator never skips an
    // event written in the same millisecond as the last one read.
    std::string lastEventLocator_;
    bool following_ = false;
    std::string origin_;
    ChangeCursor cursor_;
    std::atomic<std::int64_t> position_{0};  // cursor_.position(), for readers without mutex_
    std::function<void()> keysChanged_;
    std::function<void()> notified_;

    std::mutex mutex_;  // one group (or catch-up) at a time
    std::mutex queueMutex_;
    std::condition_variable groupDone_;
    std::deque<Pending*> queue_;  // waiting to be prepared, in arrival order
    bool leading_ = false;        // a caller is preparing and committing a group
    store::Store& store_;
    Directory& directory_;
    crypto::Random& random_;
    const Clock& clock_;
};

}  // namespace tessera::service
