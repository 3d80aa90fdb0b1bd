#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"

namespace tessera::http {

namespace {

boost::json::object limitRequestJson(const domain::LimitRequest& request) {
    return {{"locator", request.locator},
            {"requestedLimit", request.requestedLimit},
            {"reason", request.reason},
            {"state", domain::nameOf(request.state)},
            {"createdAt", domain::formatTimestamp(request.createdAt)},
            {"decidedAt", request.decidedAt
                              ? boost::json::value(domain::formatTimestamp(*request.decidedAt))
                              : nullptr},
            {"decisionNote", request.decisionNote}};
}

}  // namespace

// PAT-6 extension: ask an operator for a higher PAT limit.
Result<HttpResponse> handleFileLimitRequest(RequestContext& context) {
    auto body = readJsonObject(context.request, {requiredField("requestedLimit", JsonType::Integer),
                                                 requiredField("reason")});
    TESSERA_TRY(body);
    auto limit = body->integer("requestedLimit");
    if (limit < 0 || limit > 1000)
        return problem(
            Error{ErrorCode::InvalidRequest, "requestedLimit is out of range", {"requestedLimit"}});
    return respond(
        context.api.limitRequests.file(context.caller(), int(limit), body->string("reason")),
        [](const domain::LimitRequest& request) {
            return jsonResponse(limitRequestJson(request));
        });
}

Result<HttpResponse> handleListLimitRequests(RequestContext& context) {
    auto requests = context.api.limitRequests.mine(context.caller());
    TESSERA_TRY(requests);
    boost::json::array items;
    for (const auto& request : *requests) items.push_back(limitRequestJson(request));
    return jsonResponse(
        boost::json::object{{"limit", context.api.tokens.limitFor(context.caller().account())},
                            {"items", std::move(items)}});
}

}  // namespace tessera::http
