#pragma once

#include <string>

#include "app/Bootstrap.h"

namespace tessera::app {

// tessera admin copy-store: moves a one-machine deployment (the SQLite store in `fromDir`, its
// master key beside it) onto an empty PostgreSQL database, in one transaction: every row but
// the change log and short-lived login state, and the key material (opened with the source's
// master key, which must exist: nothing is created in the source) sealed again under the
// target's master key, so tokens, sessions and passwords keep working. Refuses a target that
// holds anything; compares the row counts of every table afterwards. Prints what it copied.
// Throws std::runtime_error with a message for the operator.
// `sourceMasterKeyFile` empty: DIR/master-key.
void copyStore(const std::string& fromDir, const std::string& sourceMasterKeyFile,
               const std::string& toUrl, const std::string& targetMasterKeyFile,
               crypto::Random& random);

}  // namespace tessera::app
