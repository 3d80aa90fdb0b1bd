#pragma once

#include <functional>
#include <mutex>
#include <string>

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
class Writer {
  public:
    Writer(store::Store& store, Directory& directory, crypto::Random& random, const Clock& clock)
        : store_(store), directory_(directory), random_(random), clock_(clock) {}

    Result<void> write(const std::function<Result<store::WriteBatch>()>& prepare);

    // Follow the change log from `sequence`, skipping entries of `origin` (this writer's own).
    // Every write then first applies what other writers (operator commands, other instances)
    // committed, so a batch is never prepared from a view older than the log: a whole-row put
    // cannot undo a change it has not seen.
    void follow(std::string origin, std::int64_t sequence);
    // Called (inside the writer's serialisation) when another process changed the key material.
    void onKeyMaterialChange(std::function<void()> reload) { keysChanged_ = std::move(reload); }
    // Applies foreign changes committed since the last look; returns how many.
    Result<size_t> catchUp();

    // An event that is logged but not stored (a flood of locked logins must not become a flood
    // of writes); stamped like the stored ones.
    void logOnly(domain::AuditEvent event);

    // For the reads that go to the store (never on an I/O thread).
    store::Store& store();

  private:
    void stamp(domain::AuditEvent& event);
    Result<size_t> catchUpLocked();
    // Stored events get strictly increasing locators, so that paging by locator never skips an
    // event written in the same millisecond as the last one read.
    std::string lastEventLocator_;
    bool following_ = false;
    std::string origin_;
    ChangeCursor cursor_;
    std::function<void()> keysChanged_;

    std::mutex mutex_;
    store::Store& store_;
    Directory& directory_;
    crypto::Random& random_;
    const Clock& clock_;
};

}  // namespace tessera::service
