#pragma once

#include <string>

#include "store/SqlStore.h"

namespace tessera::store::sqlite {

// The embedded store: one file, WAL, synchronous=FULL (a revocation must survive power loss),
// foreign keys, BEGIN IMMEDIATE for writes (SQLite's single writer serialises them). One
// connection, used by worker threads only. Not final: the tests' FaultyStore refuses chosen
// calls of it.
class SqliteStore : public SqlStore {
  public:
    SqliteStore(const std::string& path, std::string origin);
};

}  // namespace tessera::store::sqlite
