#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/AuditEvent.h"
#include "service/Principal.h"

namespace tessera::service {

// Who is acting on this thread and for which request, so that every audit event (AUD-1) a use
// case records names its actor, request id and client address without each use case passing
// them along. Set by the router around one request (or by an operator command); holds views
// only, so it costs nothing on requests that record no event.
class AuditScope {
  public:
    AuditScope(const Principal* principal, std::string_view method, std::string_view requestId,
               std::string_view clientAddress);
    ~AuditScope();
    AuditScope(const AuditScope&) = delete;
    AuditScope& operator=(const AuditScope&) = delete;

    // Fills what the event left empty: actor, request id and client address.
    static void stamp(domain::AuditEvent& event);

    // This thread's scope (or null).
    static const AuditScope* current();
    // Makes another thread's scope this thread's while it lives: the Writer prepares a waiting
    // request's batch on the thread that leads the group commit, on that request's behalf.
    class Borrowed {
      public:
        explicit Borrowed(const AuditScope* scope);
        ~Borrowed();
        Borrowed(const Borrowed&) = delete;
        Borrowed& operator=(const Borrowed&) = delete;

      private:
        const AuditScope* previous_;
    };

  private:
    const Principal* principal_;
    std::string_view method_;  // when there is no principal: anonymous, operator
    std::string_view requestId_;
    std::string_view clientAddress_;
    const AuditScope* previous_;
};

// An event of `type` about `businessAccount`; the Writer gives it its locator and time.
domain::AuditEvent auditEvent(std::string type, std::string businessAccount,
                              std::vector<std::pair<std::string, std::string>> data = {});

// A list as one `data` value: comma-separated.
std::string auditList(const std::vector<std::string>& items);

// The event as one JSON line, for the log (AUD-1: the same events as in the store).
std::string auditLogLine(const domain::AuditEvent& event);

}  // namespace tessera::service
