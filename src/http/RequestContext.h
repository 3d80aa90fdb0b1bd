#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/Es256Key.h"
#include "http/HttpMessage.h"
#include "http/Metrics.h"
#include "service/AuditTrail.h"
#include "service/Authenticator.h"
#include "service/Clock.h"
#include "service/CredentialService.h"
#include "service/LimitRequestService.h"
#include "service/Principal.h"
#include "service/RateLimiter.h"
#include "service/RoleService.h"
#include "service/SessionService.h"
#include "service/SsoService.h"
#include "service/StoreHealth.h"
#include "service/TenantService.h"
#include "service/TokenService.h"
#include "service/UserService.h"
#include "service/WebhookService.h"

namespace tessera::http {

// What handlers reach: the use cases, never the Directory behind them.
struct Api {
    service::Authenticator& authenticator;
    service::TokenService& tokens;
    service::UserService& users;
    service::RoleService& roles;
    service::TenantService& tenants;
    service::SessionService& sessions;
    service::CredentialService& credentials;
    service::LimitRequestService& limitRequests;
    const service::AuditTrail& audit;
    service::SsoService& sso;
    service::WebhookService& webhooks;
    const service::Clock& clock;
    const service::SigningKeys& signingKeys;
    service::RateLimiter& leakReportLimiter;  // per client address
    const service::StoreHealth& storeHealth;  // `/readyz`
    std::string publicUrl;
    std::string openApiDocument;  // serialised once at start-up
    Metrics* metrics;             // set once the route table exists
};

// How RoutePolicy let a request in.
enum class Grant {
    Public,      // a public route: no caller
    Permission,  // the caller holds the route's permission (or is an admin on an admin route)
    SelfRule,    // the route's self-service rule (PERM-6), not a permission
};

struct RequestContext {
    const HttpRequest& request;
    Api& api;
    std::vector<std::pair<std::string_view, std::string>> params = {};
    // Set by RoutePolicy before the handler runs.
    std::optional<service::Principal> principal = std::nullopt;
    Grant grant = Grant::Public;
    std::shared_ptr<const domain::Tenant> tenant = nullptr;          // the route's tenantParam
    std::shared_ptr<const service::UserEntry> targetUser = nullptr;  // the route's userParam

    std::string_view param(std::string_view name) const {
        for (const auto& [key, value] : params) {
            if (key == name) return value;
        }
        return {};
    }
    const service::Principal& caller() const { return *principal; }
};

}  // namespace tessera::http
