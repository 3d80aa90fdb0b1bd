#pragma once

#include "service/Directory.h"
#include "store/Store.h"

namespace tessera::service {

// Writes the in-memory `lastUsedAt`/`lastUsedIp` of tokens to the store in one batch, so the hot
// path never writes (docs/architecture.md).
class TokenUseFlusher {
  public:
    TokenUseFlusher(const Directory& directory, store::Store& store)
        : directory_(directory), store_(store) {}
    Result<size_t> flush();

  private:
    const Directory& directory_;
    store::Store& store_;
};

}  // namespace tessera::service
