#pragma once

#include <functional>
#include <string_view>

#include "domain/AuditEvent.h"
#include "domain/BusinessAccount.h"
#include "service/Directory.h"
#include "service/Writer.h"

namespace tessera::service {

// Changes a business account as it is at write time (policies, limits) and records the event.
Result<void> changeBusinessAccount(Writer& writer, const Directory& directory,
                                   std::string_view name,
                                   const std::function<void(domain::BusinessAccount&)>& change,
                                   domain::AuditEvent event);

}  // namespace tessera::service
