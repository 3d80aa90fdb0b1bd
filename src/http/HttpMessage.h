#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::http {

// Transport-neutral request and response: the Beast types stay inside Server.cpp.
struct HttpRequest {
    std::string method;
    std::string path;   // percent-encoded, without the query
    std::string query;  // without '?'
    std::string authorization;
    std::string contentType;
    std::string requiredPermission;  // X-Required-Permission (GET /auth/check)
    std::string tenantLocator;       // X-Tenant-Locator (GET /auth/check)
    std::string body;
    std::string clientIp;
    std::string requestId;
};

struct HttpResponse {
    int status = 200;
    std::string contentType;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    HttpResponse& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

}  // namespace tessera::http
