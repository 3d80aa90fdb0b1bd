#pragma once

#include <functional>
#include <mutex>

#include "domain/Error.h"
#include "service/Directory.h"
#include "store/Store.h"

namespace tessera::service {

// Serialises use cases that write: each builds its batch from the current Directory, the store
// commits it durably, and the Directory applies it before the response is sent, so the next
// request sees the change. Never used on an I/O thread.
class Writer {
  public:
    Writer(store::Store& store, Directory& directory) : store_(store), directory_(directory) {}

    Result<void> write(const std::function<Result<store::WriteBatch>()>& prepare);
    // Applies changes another instance (or an operator command) wrote (DESIGN section 3).
    Result<void> applyExternal(const std::vector<store::ChangeEntry>& changes);

  private:
    std::mutex mutex_;
    store::Store& store_;
    Directory& directory_;
};

}  // namespace tessera::service
