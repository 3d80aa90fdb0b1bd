#include "service/AuditScope.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace tessera::service {
namespace {

thread_local const AuditScope* currentScope = nullptr;

std::string_view methodName(AuthMethod method) {
    return method == AuthMethod::Pat ? "pat" : "jwt";
}

}  // namespace

AuditScope::AuditScope(const Principal* principal, std::string_view method,
                       std::string_view requestId, std::string_view clientAddress)
    : principal_(principal),
      method_(method),
      requestId_(requestId),
      clientAddress_(clientAddress),
      previous_(currentScope) {
    currentScope = this;
}

AuditScope::~AuditScope() {
    currentScope = previous_;
}

const AuditScope* AuditScope::current() {
    return currentScope;
}

AuditScope::Borrowed::Borrowed(const AuditScope* scope) : previous_(currentScope) {
    currentScope = scope;
}

AuditScope::Borrowed::~Borrowed() {
    currentScope = previous_;
}

void AuditScope::stamp(domain::AuditEvent& event) {
    const auto* scope = currentScope;
    if (!scope) {
        if (event.actorMethod.empty()) event.actorMethod = "internal";
        return;
    }
    if (event.actorMethod.empty()) {
        if (scope->principal_) {
            event.actorLocator = scope->principal_->account().locator;
            event.actorMethod = methodName(scope->principal_->method);
            if (scope->principal_->token)
                event.actorTokenName = scope->principal_->token->token.name;
        } else {
            event.actorMethod = scope->method_;
        }
    }
    if (event.requestId.empty()) event.requestId = scope->requestId_;
    if (event.clientAddress.empty()) event.clientAddress = scope->clientAddress_;
}

domain::AuditEvent auditEvent(std::string type, std::string businessAccount,
                              std::vector<std::pair<std::string, std::string>> data) {
    domain::AuditEvent event;
    event.type = std::move(type);
    event.businessAccount = std::move(businessAccount);
    event.data = std::move(data);
    return event;
}

std::string auditList(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ",";
        out += item;
    }
    return out;
}

std::string auditLogLine(const domain::AuditEvent& event) {
    boost::json::object data;
    for (const auto& [key, value] : event.data) data[key] = value;
    boost::json::object actor{{"locator", event.actorLocator}, {"method", event.actorMethod}};
    if (!event.actorTokenName.empty()) actor["tokenName"] = event.actorTokenName;
    boost::json::object line{{"audit", event.type},
                             {"locator", event.locator},
                             {"timestamp", domain::formatTimestamp(event.timestamp)},
                             {"businessAccount", event.businessAccount},
                             {"actor", std::move(actor)},
                             {"requestId", event.requestId},
                             {"clientAddress", event.clientAddress},
                             {"data", std::move(data)}};
    return boost::json::serialize(line);
}

}  // namespace tessera::service
