// AUD-2 extension: a business account's webhook endpoints and their delivery log.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>

#include "crypto/Ids.h"
#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"

namespace tessera::http {

namespace {

constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kMaxPageSize = 500;

boost::json::value optionalTime(const std::optional<domain::Timestamp>& at) {
    if (!at) return nullptr;
    return boost::json::value(domain::formatTimestamp(*at));
}

boost::json::object endpointJson(const domain::WebhookEndpoint& endpoint) {
    std::optional<domain::Timestamp> previousRetiresAt;
    for (const auto& secret : endpoint.secrets) {
        if (secret.retiresAt) previousRetiresAt = secret.retiresAt;
    }
    return {{"locator", endpoint.locator},
            {"url", endpoint.url},
            {"description", endpoint.description},
            {"eventTypes", stringArray(endpoint.eventTypes)},
            {"enabled", endpoint.enabled},
            {"disabledReason", endpoint.disabledReason},
            {"failingSince", optionalTime(endpoint.failingSince)},
            {"previousSecretRetiresAt", optionalTime(previousRetiresAt)},
            {"createdAt", domain::formatTimestamp(endpoint.createdAt)},
            {"createdBy", endpoint.createdBy}};
}

// The secret appears in this response only (it is stored sealed).
HttpResponse withSecret(const service::EndpointWithSecret& created, int status) {
    auto body = endpointJson(created.endpoint);
    body["secret"] = created.secret;
    auto response = jsonResponse(body, status);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

boost::json::value millisecondsTime(std::int64_t ms) {
    if (ms <= 0) return nullptr;
    return boost::json::value(
        domain::formatTimestamp(domain::Timestamp{std::chrono::seconds{ms / 1000}}));
}

boost::json::object attemptJson(const store::WebhookAttempt& attempt) {
    return {{"locator", attempt.locator},
            {"messageId", attempt.messageId},
            {"eventType", attempt.type},
            {"attempt", attempt.attempt},
            {"attemptedAt", millisecondsTime(attempt.atMs)},
            {"status", attempt.status == 0 ? boost::json::value(nullptr)
                                           : boost::json::value(attempt.status)},
            {"latencyMs", attempt.latencyMs},
            {"outcome", attempt.outcome},
            {"error", attempt.error},
            {"nextAttemptAt", millisecondsTime(attempt.nextAttemptMs)}};
}

}  // namespace

Result<HttpResponse> handleCreateWebhook(RequestContext& context) {
    auto body = readJsonObject(context.request, {requiredField("url"), optionalField("description"),
                                                 requiredField("eventTypes", JsonType::Strings)});
    TESSERA_TRY(body);
    service::WebhookEndpointRequest request{body->string("url"),
                                            body->optionalString("description").value_or(""),
                                            body->strings("eventTypes")};
    auto created = context.api.webhooks.create(context.caller(), request);
    TESSERA_TRY(created);
    return withSecret(*created, 201);
}

Result<HttpResponse> handleListWebhooks(RequestContext& context) {
    auto endpoints = context.api.webhooks.list(context.caller());
    TESSERA_TRY(endpoints);
    boost::json::array items;
    for (const auto& endpoint : *endpoints) items.push_back(endpointJson(endpoint));
    return jsonResponse(boost::json::object{{"items", std::move(items)}});
}

Result<HttpResponse> handleGetWebhook(RequestContext& context) {
    auto endpoint = context.api.webhooks.get(context.caller(), context.param("locator"));
    TESSERA_TRY(endpoint);
    return jsonResponse(endpointJson(*endpoint));
}

Result<HttpResponse> handleDeleteWebhook(RequestContext& context) {
    TESSERA_TRY(context.api.webhooks.remove(context.caller(), context.param("locator")));
    return emptyResponse(204);
}

Result<HttpResponse> handleRotateWebhookSecret(RequestContext& context) {
    // No body: the previous secret signs on for a day.
    auto grace = service::WebhookService::kDefaultGrace;
    if (!context.request.body.empty()) {
        auto body =
            readJsonObject(context.request, {optionalField("graceSeconds", JsonType::Integer)});
        TESSERA_TRY(body);
        if (auto seconds = body->optionalInteger("graceSeconds"))
            grace = std::chrono::seconds(*seconds);
    }
    auto rotated =
        context.api.webhooks.rotateSecret(context.caller(), context.param("locator"), grace);
    TESSERA_TRY(rotated);
    return withSecret(*rotated, 200);
}

Result<HttpResponse> handleEnableWebhook(RequestContext& context) {
    auto endpoint = context.api.webhooks.enable(context.caller(), context.param("locator"));
    TESSERA_TRY(endpoint);
    return jsonResponse(endpointJson(*endpoint));
}

Result<HttpResponse> handleTestWebhook(RequestContext& context) {
    auto id = context.api.webhooks.sendTest(context.caller(), context.param("locator"));
    TESSERA_TRY(id);
    return jsonResponse(boost::json::object{{"messageId", *id}}, 202);
}

// Newest first; `pagingToken` (the last locator of the previous page) continues the list.
Result<HttpResponse> handleListWebhookDeliveries(RequestContext& context) {
    auto fields = parseQueryString(context.request.query);
    if (!fields) return problem(ErrorCode::InvalidRequest, "the query string is malformed");
    std::size_t pageSize = kDefaultPageSize;
    std::vector<std::string> bad;
    if (auto size = queryValue(*fields, "pageSize")) {
        std::size_t parsed = 0;
        auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), parsed);
        if (ec != std::errc() || end != size->data() + size->size() || parsed < 1 ||
            parsed > kMaxPageSize)
            bad.emplace_back("pageSize");
        else
            pageSize = parsed;
    }
    std::string before;
    if (auto token = queryValue(*fields, "pagingToken")) {
        if (crypto::isUlid(*token))
            before = *token;
        else
            bad.emplace_back("pagingToken");
    }
    if (!bad.empty()) {
        return problem(
            Error{ErrorCode::InvalidRequest,
                  "pageSize must be 1 to 500, pagingToken as returned by a previous page", bad});
    }
    auto page = context.api.webhooks.deliveries(context.caller(), context.param("locator"),
                                                std::move(before), pageSize);
    TESSERA_TRY(page);
    boost::json::array items;
    for (const auto& attempt : page->attempts) items.push_back(attemptJson(attempt));
    boost::json::value next = nullptr;
    if (page->more) next = page->attempts.back().locator;
    return jsonResponse(boost::json::object{
        {"listCompleted", !page->more}, {"items", std::move(items)}, {"pagingToken", next}});
}

}  // namespace tessera::http
