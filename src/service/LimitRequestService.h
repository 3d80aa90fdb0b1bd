#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/LimitRequest.h"
#include "service/Directory.h"
#include "service/Principal.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

// PAT-6 extension: a person asks for a higher PAT limit with a reason; an operator approves
// (raising the limit, never above 10) or denies it with `tessera admin`.
class LimitRequestService {
  public:
    explicit LimitRequestService(const ServiceContext& context) : context_(context) {}

    // One pending request per person; the limit asked for must be above the current one.
    Result<domain::LimitRequest> file(const Principal& caller, int requestedLimit,
                                      const std::string& reason);
    Result<std::vector<domain::LimitRequest>> mine(const Principal& caller);
    Result<std::vector<domain::LimitRequest>> list(const store::LimitRequestQuery& query);
    // Everyone's requests in the caller's business account (for its administrators), oldest
    // first; only those in `state` when given.
    Result<std::vector<domain::LimitRequest>> ofBusinessAccount(
        const Principal& caller, std::optional<domain::LimitRequestState> state);
    // `decidedBy` names the operator; approval sets the person's limit in the same transaction.
    Result<domain::LimitRequest> decide(const std::string& locator, bool approve,
                                        const std::string& decidedBy, const std::string& note);

  private:
    ServiceContext context_;
};

}  // namespace tessera::service
