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
#include "service/Directory.h"
#include "service/LimitRequestService.h"
#include "service/Principal.h"
#include "service/RateLimiter.h"
#include "service/RoleService.h"
#include "service/SessionService.h"
#include "service/SsoService.h"
#include "service/TenantService.h"
#include "service/TokenService.h"
#include "service/UserService.h"

namespace tessera::http {

// What handlers reach: the use cases and the Directory.
struct Api {
    service::Directory& directory;
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
    const service::Clock& clock;
    const crypto::Es256Key& signingKey;
    service::RateLimiter& leakReportLimiter;  // per client address
    std::string publicUrl;
    std::string openApiDocument;  // serialised once at start-up
    Metrics* metrics;             // set once the route table exists
};

struct RequestContext {
    const HttpRequest& request;
    Api& api;
    std::vector<std::pair<std::string_view, std::string>> params;
    std::optional<service::Principal> principal;
    bool viaSelfRule = false;  // allowed by the route's `custom` rule, not by a permission

    std::string_view param(std::string_view name) const {
        for (const auto& [key, value] : params) {
            if (key == name) return value;
        }
        return {};
    }
    const service::Principal& caller() const { return *principal; }
};

}  // namespace tessera::http
