#pragma once

#include <string>
#include <vector>

#include "domain/Error.h"
#include "domain/Timestamp.h"
#include "store/Store.h"

namespace tessera::service {

struct StoreCheckReport {
    std::vector<std::string> problems;  // invariants that do not hold: the store is damaged
    std::vector<std::string> notes;     // legitimate but worth knowing (a limit lowered later)
    size_t users = 0, tokens = 0, sessions = 0;
};

// The invariants every committed write keeps, read back from the store (`tessera admin
// check-store`, and after every kill -9 in the tests): owners exist (a token's user, a user's
// business account, roles and tenants), PAT-6 limits hold, no orphan rows, and the change log
// is numbered without holes where the backend promises it.
Result<StoreCheckReport> checkStore(store::Store& store, domain::Timestamp now);

}  // namespace tessera::service
