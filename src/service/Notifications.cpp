#include "service/Notifications.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/NamedValues.h"
#include "service/AuditScope.h"

namespace tessera::service {
namespace {

using namespace tessera::domain;

boost::json::array stringArray(const std::vector<std::string>& items) {
    boost::json::array out;
    for (const auto& item : items) out.emplace_back(item);
    return out;
}

boost::json::object tokenObject(const TokenFacts& token) {
    boost::json::object out{
        {"locator", token.locator},
        {"name", token.name},
        {"owner",
         {{"locator", token.ownerLocator},
          {"userName", token.ownerName},
          {"serviceAccount", token.serviceAccount}}},
    };
    if (token.expiresAt) {
        out["expiresAt"] = formatTimestamp(*token.expiresAt);
    } else {
        out["expiresAt"] = nullptr;
    }
    return out;
}

Notification withData(std::string_view type, std::string businessAccount,
                      const boost::json::object& data) {
    Notification out;
    out.type = type;
    out.businessAccount = std::move(businessAccount);
    out.data = boost::json::serialize(data);
    return out;
}

void flatten(const boost::json::value& value, const std::string& name,
             std::vector<std::pair<std::string, std::string>>& out) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.as_object())
            flatten(member, name.empty() ? std::string(key) : name + "." + std::string(key), out);
    } else if (value.is_array()) {
        std::vector<std::string> items;
        for (const auto& item : value.as_array()) {
            items.push_back(item.is_string() ? std::string(item.as_string())
                                             : boost::json::serialize(item));
        }
        out.emplace_back(name, auditList(items));
    } else if (value.is_string()) {
        out.emplace_back(name, std::string(value.as_string()));
    } else if (!value.is_null()) {
        out.emplace_back(name, boost::json::serialize(value));
    }
}

}  // namespace

TokenFacts tokenFacts(const PersonalAccessToken& token, const User& owner) {
    return {token.locator,         token.name,           owner.locator,  owner.userName,
            owner.businessAccount, owner.serviceAccount, token.expiresAt};
}

Notification tokenNotification(std::string_view type, const TokenFacts& token,
                               const NamedLists& lists) {
    boost::json::object data{{"token", tokenObject(token)}};
    for (const auto& [name, items] : lists) data[name] = stringArray(items);
    return withData(type, token.businessAccount, data);
}

Notification tokenExpiringNotification(const TokenFacts& token, std::int64_t noticeSeconds) {
    boost::json::object data{{"token", tokenObject(token)}, {"noticeSeconds", noticeSeconds}};
    auto out = withData("token.expiring", token.businessAccount, data);
    // Once per token and notice, whichever instance or scan finds it first.
    out.id = "msg_expiring_" + std::to_string(noticeSeconds) + "_" + token.locator;
    return out;
}

Notification userLockedNotification(const User& user, Timestamp lockedUntil) {
    boost::json::object data{
        {"user", {{"locator", user.locator}, {"userName", user.userName}, {"email", user.email}}},
        {"reason", "too many failed logins"},
        {"lockedUntil", formatTimestamp(lockedUntil)},
    };
    return withData("user.locked", user.businessAccount, data);
}

Notification limitRequestDecidedNotification(const LimitRequest& request, const User& person) {
    boost::json::object data{
        {"request",
         {{"locator", request.locator},
          {"requestedLimit", request.requestedLimit},
          {"state", nameOf(request.state)},
          {"decidedBy", request.decidedBy},
          {"note", request.decisionNote}}},
        {"user", {{"locator", person.locator}, {"userName", person.userName}}},
    };
    return withData("limitRequest.decided", request.businessAccount, data);
}

Notification testNotification(const WebhookEndpoint& endpoint) {
    boost::json::object data{{"endpoint", {{"locator", endpoint.locator}, {"url", endpoint.url}}},
                             {"message", "a test event sent on request"}};
    auto out = withData(kWebhookTestEvent, endpoint.businessAccount, data);
    out.onlyEndpoint = endpoint.locator;
    return out;
}

void stampNotification(Notification& notification, std::string id, Timestamp now) {
    if (notification.id.empty()) notification.id = std::move(id);
    notification.timestamp = now;
    boost::json::object payload{
        {"type", notification.type},
        {"timestamp", formatTimestamp(now)},
        {"data", boost::json::parse(notification.data)},
    };
    notification.payload = boost::json::serialize(payload);
}

AuditEvent notificationAuditEvent(const Notification& notification) {
    std::vector<std::pair<std::string, std::string>> data{{"messageId", notification.id}};
    flatten(boost::json::parse(notification.data), "", data);
    return auditEvent("auth.notification." + notification.type, notification.businessAccount,
                      std::move(data));
}

}  // namespace tessera::service
