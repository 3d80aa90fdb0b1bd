#pragma once

#include <vector>

#include "domain/AuditEvent.h"
#include "service/IoThread.h"
#include "service/Principal.h"
#include "store/Store.h"

namespace tessera::service {

// AUD-1 reads: the caller's business account's events only.
class AuditTrail {
  public:
    explicit AuditTrail(store::Store& store) : store_(store) {}

    Result<std::vector<domain::AuditEvent>> list(const Principal& caller,
                                                 store::EventQuery query) const {
        noteBlockingWork("reading audit events");
        query.businessAccount = caller.businessAccount();
        return store_.listEvents(query);
    }

  private:
    store::Store& store_;
};

}  // namespace tessera::service
