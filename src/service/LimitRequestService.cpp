#include "service/LimitRequestService.h"

#include "crypto/Ids.h"
#include "domain/PatRules.h"
#include "service/AuditScope.h"
#include "service/Notifications.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

constexpr size_t kMaxReasonLength = 1000;

}  // namespace

Result<LimitRequest> LimitRequestService::file(const Principal& caller, int requestedLimit,
                                               const std::string& reason) {
    const auto& user = caller.account();
    int current = context_.directory.patLimitOf(user);
    if (requestedLimit <= current || requestedLimit > kMaxPatLimit) {
        return fail(ErrorCode::InvalidRequest,
                    "requestedLimit must be above your current limit (" + std::to_string(current) +
                        ") and at most " + std::to_string(kMaxPatLimit),
                    {"requestedLimit"});
    }
    if (reason.empty() || reason.size() > kMaxReasonLength) {
        return fail(
            ErrorCode::InvalidRequest,
            "reason must say why, in 1 to " + std::to_string(kMaxReasonLength) + " characters",
            {"reason"});
    }
    LimitRequest request;
    request.locator = crypto::newUlid(context_.random, std::chrono::system_clock::now());
    request.userLocator = user.locator;
    request.businessAccount = user.businessAccount;
    request.requestedLimit = requestedLimit;
    request.reason = reason;
    request.createdAt = context_.clock.now();
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        auto pending = context_.writer.store().listLimitRequests(
            {"", user.locator, LimitRequestState::Pending});
        TESSERA_TRY(pending);
        if (!pending->empty()) {
            return fail(ErrorCode::Conflict, "you already have a pending request (" +
                                                 pending->front().locator +
                                                 "); wait for an operator to decide it");
        }
        store::WriteBatch batch;
        batch.putLimitRequests.push_back(request);
        batch.events.push_back(auditEvent("auth.limit.request", user.businessAccount,
                                          {{"requestLocator", request.locator},
                                           {"userLocator", user.locator},
                                           {"userName", user.userName},
                                           {"currentLimit", std::to_string(current)},
                                           {"requestedLimit", std::to_string(requestedLimit)}}));
        return batch;
    });
    TESSERA_TRY(written);
    return request;
}

Result<std::vector<LimitRequest>> LimitRequestService::mine(const Principal& caller) {
    return context_.writer.store().listLimitRequests({"", caller.account().locator, std::nullopt});
}

Result<std::vector<LimitRequest>> LimitRequestService::list(const store::LimitRequestQuery& query) {
    return context_.writer.store().listLimitRequests(query);
}

Result<std::vector<LimitRequest>> LimitRequestService::ofBusinessAccount(
    const Principal& caller, std::optional<LimitRequestState> state) {
    return context_.writer.store().listLimitRequests({caller.businessAccount(), "", state});
}

Result<LimitRequest> LimitRequestService::decide(const std::string& locator, bool approve,
                                                 const std::string& decidedBy,
                                                 const std::string& note) {
    LimitRequest decided;
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        auto found = context_.writer.store().findLimitRequest(locator);
        TESSERA_TRY(found);
        if (!*found) return fail(ErrorCode::NotFound, "no limit request " + locator);
        decided = **found;
        if (decided.state != LimitRequestState::Pending) {
            return fail(ErrorCode::Conflict,
                        "the request was already " + std::string(nameOf(decided.state)));
        }
        auto user = context_.directory.findUser(decided.userLocator);
        if (!user) return fail(ErrorCode::NotFound, "the requesting user no longer exists");
        decided.state = approve ? LimitRequestState::Approved : LimitRequestState::Denied;
        decided.decidedAt = context_.clock.now();
        decided.decidedBy = decidedBy;
        decided.decisionNote = note;
        store::WriteBatch batch;
        batch.putLimitRequests.push_back(decided);
        if (approve) {
            auto changed = user->user;
            changed.patLimit = std::min(decided.requestedLimit, kMaxPatLimit);
            batch.putUsers.push_back(std::move(changed));
        }
        batch.events.push_back(
            auditEvent(approve ? "auth.limit.approve" : "auth.limit.deny", decided.businessAccount,
                       {{"requestLocator", decided.locator},
                        {"userLocator", decided.userLocator},
                        {"userName", user->user.userName},
                        {"requestedLimit", std::to_string(decided.requestedLimit)},
                        {"note", note}}));
        batch.notifications.push_back(limitRequestDecidedNotification(decided, user->user));
        return batch;
    });
    TESSERA_TRY(written);
    return decided;
}

}  // namespace tessera::service
