#pragma once

#include <string>

#include "store/SqlStore.h"

namespace tessera::store::postgres {

// The scale-out store: several instances on one PostgreSQL. Writes run in READ COMMITTED
// transactions that lock the rows they check (revisions, the token owner), so concurrent
// instances serialise on what they share and nothing else; synchronous_commit stays on (a 200
// means committed). `poolSize` connections serve the worker threads.
class PgStore final : public SqlStore {
  public:
    PgStore(const std::string& url, std::string origin, int poolSize = 4);

    std::unique_ptr<ChangeSignal> listen() override;

  private:
    std::string url_;
};

}  // namespace tessera::store::postgres
