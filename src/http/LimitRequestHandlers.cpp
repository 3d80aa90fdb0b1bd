#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Query.h"
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

// Extension, for administrators: the business account's requests with who asked and the limit
// they have now; `state` (pending, approved, denied) narrows the list. Operators decide them
// with `tessera admin approve-limit-request` / `deny-limit-request` (PAT-6).
Result<HttpResponse> handleListAccountLimitRequests(RequestContext& context) {
    auto fields = parseQueryString(context.request.query);
    if (!fields) return problem(ErrorCode::InvalidRequest, "the query string is malformed");
    std::optional<domain::LimitRequestState> state;
    if (auto text = queryValue(*fields, "state")) {
        state = domain::parseName<domain::LimitRequestState>(*text);
        if (!state) {
            return problem(Error{
                ErrorCode::InvalidRequest, "state must be pending, approved or denied", {"state"}});
        }
    }
    auto requests = context.api.limitRequests.ofBusinessAccount(context.caller(), state);
    TESSERA_TRY(requests);
    boost::json::array items;
    for (const auto& request : *requests) {
        auto item = limitRequestJson(request);
        auto user = context.api.users.find(context.caller(), request.userLocator);
        item["userLocator"] = request.userLocator;
        item["userName"] = user ? boost::json::value((*user)->user.userName) : nullptr;
        item["currentLimit"] =
            user ? boost::json::value(context.api.tokens.limitFor((*user)->user)) : nullptr;
        item["decidedBy"] = request.decidedBy;
        items.push_back(std::move(item));
    }
    return jsonResponse(boost::json::object{{"items", std::move(items)}});
}

}  // namespace tessera::http
