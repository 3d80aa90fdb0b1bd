#include "service/WebhookService.h"

#include "crypto/Ids.h"
#include "crypto/WebhookSignature.h"
#include "service/AuditScope.h"
#include "service/IoThread.h"
#include "service/Notifications.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

domain::AuditEvent endpointEvent(std::string type, const WebhookEndpoint& endpoint,
                                 std::vector<std::pair<std::string, std::string>> more = {}) {
    std::vector<std::pair<std::string, std::string>> data{{"endpointLocator", endpoint.locator},
                                                          {"url", endpoint.url}};
    for (auto& entry : more) data.push_back(std::move(entry));
    return auditEvent(std::move(type), endpoint.businessAccount, std::move(data));
}

}  // namespace

WebhookSecret WebhookService::sealedSecret(const std::string& secret) const {
    return {secrets_.seal(secret), std::nullopt};
}

Result<WebhookEndpoint> WebhookService::find(const Principal& caller, std::string_view locator) {
    noteBlockingWork("reading webhook endpoints");
    auto found = writer_.store().findWebhookEndpoint(locator);
    TESSERA_TRY(found);
    // BA-1: another business account's endpoint is as absent as one that never existed.
    if (!*found || (*found)->businessAccount != caller.businessAccount())
        return fail(ErrorCode::NotFound, "no such webhook endpoint");
    return **found;
}

Result<EndpointWithSecret> WebhookService::create(const Principal& caller,
                                                  const WebhookEndpointRequest& request) {
    TESSERA_TRY(validateWebhookUrl(request.url, loopback_));
    if (request.description.size() > kMaxWebhookDescriptionLength) {
        return fail(ErrorCode::InvalidRequest,
                    "description is longer than " + std::to_string(kMaxWebhookDescriptionLength) +
                        " characters",
                    {"description"});
    }
    auto types = normaliseWebhookEventTypes(request.eventTypes);
    TESSERA_TRY(types);
    EndpointWithSecret created;
    created.secret = crypto::newWebhookSecret(random_);
    auto& endpoint = created.endpoint;
    endpoint.locator = crypto::newUlid(random_, std::chrono::system_clock::now());
    endpoint.businessAccount = caller.businessAccount();
    endpoint.url = request.url;
    endpoint.description = request.description;
    endpoint.eventTypes = std::move(*types);
    endpoint.secrets = {sealedSecret(created.secret)};
    endpoint.createdAt = clock_.now();
    endpoint.createdBy = caller.account().locator;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        auto existing = writer_.store().listWebhookEndpoints(endpoint.businessAccount);
        TESSERA_TRY(existing);
        if (existing->size() >= std::size_t(kMaxWebhookEndpoints)) {
            return fail(ErrorCode::Conflict,
                        "this business account already has " +
                            std::to_string(kMaxWebhookEndpoints) +
                            " webhook endpoints, the most it may have; delete one first");
        }
        store::WriteBatch batch;
        batch.putWebhookEndpoints.push_back(endpoint);
        batch.events.push_back(endpointEvent("auth.webhook.create", endpoint,
                                             {{"eventTypes", auditList(endpoint.eventTypes)}}));
        return batch;
    });
    TESSERA_TRY(written);
    endpoint.revision = 1;
    return created;
}

Result<std::vector<WebhookEndpoint>> WebhookService::list(const Principal& caller) {
    noteBlockingWork("reading webhook endpoints");
    return writer_.store().listWebhookEndpoints(caller.businessAccount());
}

Result<WebhookEndpoint> WebhookService::get(const Principal& caller, std::string_view locator) {
    return find(caller, locator);
}

Result<void> WebhookService::remove(const Principal& caller, std::string_view locator) {
    return writer_.write([&]() -> Result<store::WriteBatch> {
        auto endpoint = find(caller, locator);
        TESSERA_TRY(endpoint);
        store::WriteBatch batch;
        batch.deleteWebhookEndpoints.push_back(endpoint->locator);
        batch.events.push_back(endpointEvent("auth.webhook.delete", *endpoint));
        return batch;
    });
}

Result<EndpointWithSecret> WebhookService::rotateSecret(const Principal& caller,
                                                        std::string_view locator,
                                                        std::chrono::seconds grace) {
    if (grace < std::chrono::seconds(0) || grace > kLongestGrace) {
        return fail(ErrorCode::InvalidRequest,
                    "graceSeconds must be between 0 and " + std::to_string(kLongestGrace.count()) +
                        " (7 days)",
                    {"graceSeconds"});
    }
    EndpointWithSecret rotated;
    rotated.secret = crypto::newWebhookSecret(random_);
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        auto endpoint = find(caller, locator);
        TESSERA_TRY(endpoint);
        auto now = clock_.now();
        // The current secret signs on for the grace period; older ones stop now.
        std::vector<WebhookSecret> secrets{sealedSecret(rotated.secret)};
        if (!endpoint->secrets.empty() && grace.count() > 0) {
            auto previous = endpoint->secrets.front();
            previous.retiresAt = now + grace;
            secrets.push_back(std::move(previous));
        }
        endpoint->secrets = std::move(secrets);
        rotated.endpoint = *endpoint;
        store::WriteBatch batch;
        batch.putWebhookEndpoints.push_back(*endpoint);
        batch.events.push_back(endpointEvent("auth.webhook.rotate-secret", *endpoint,
                                             {{"graceSeconds", std::to_string(grace.count())}}));
        return batch;
    });
    TESSERA_TRY(written);
    ++rotated.endpoint.revision;
    return rotated;
}

Result<WebhookEndpoint> WebhookService::enable(const Principal& caller, std::string_view locator) {
    WebhookEndpoint enabled;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        auto endpoint = find(caller, locator);
        TESSERA_TRY(endpoint);
        enabled = *endpoint;
        store::WriteBatch batch;
        if (endpoint->enabled) return batch;
        endpoint->enabled = true;
        endpoint->disabledReason.clear();
        batch.putWebhookEndpoints.push_back(*endpoint);
        batch.events.push_back(endpointEvent("auth.webhook.enable", *endpoint));
        return batch;
    });
    TESSERA_TRY(written);
    return find(caller, locator);
}

Result<std::string> WebhookService::sendTest(const Principal& caller, std::string_view locator) {
    std::string id;
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        auto endpoint = find(caller, locator);
        TESSERA_TRY(endpoint);
        if (!endpoint->enabled) {
            return fail(ErrorCode::Conflict, "the endpoint is disabled (" +
                                                 endpoint->disabledReason + "); enable it first");
        }
        store::WriteBatch batch;
        auto notification = testNotification(*endpoint);
        notification.id = "msg_" + crypto::newUlid(random_, std::chrono::system_clock::now());
        id = notification.id;
        batch.notifications.push_back(std::move(notification));
        return batch;
    });
    TESSERA_TRY(written);
    return id;
}

Result<DeliveryPage> WebhookService::deliveries(const Principal& caller, std::string_view locator,
                                                std::string before, std::size_t limit) {
    auto endpoint = find(caller, locator);
    TESSERA_TRY(endpoint);
    auto attempts =
        writer_.store().listWebhookAttempts({endpoint->locator, std::move(before), limit + 1});
    TESSERA_TRY(attempts);
    DeliveryPage page;
    page.more = attempts->size() > limit;
    if (page.more) attempts->resize(limit);
    page.attempts = std::move(*attempts);
    return page;
}

}  // namespace tessera::service
