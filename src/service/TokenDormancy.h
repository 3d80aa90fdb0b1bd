#pragma once

#include <vector>

#include "domain/Notification.h"
#include "service/Directory.h"
#include "store/WriteBatch.h"

namespace tessera::service {

// AUD-2 with PAT-4: token.dormant for each token that loses effective permissions or tenants
// because the batch changes its owner's roles or tenants (or a role the owner holds), and
// token.restored for each that gets dormant ones back. Computed from the batch before it is
// committed, so the notices enter the outbox in the same transaction as their cause.
std::vector<domain::Notification> dormancyNotifications(const Directory& directory,
                                                        const store::WriteBatch& batch);

}  // namespace tessera::service
