#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::http {

// Transport-neutral request and response: the Beast types stay inside Server.cpp. The request
// views the server's buffers, which outlive the handling of the request (no copies on the hot
// path).
struct HttpRequest {
    std::string_view method;
    std::string_view path;   // percent-encoded, without the query
    std::string_view query;  // without '?'
    std::string_view authorization;
    std::string_view contentType;
    std::string_view requiredPermission;  // X-Required-Permission (GET /auth/check)
    std::string_view tenantLocator;       // X-Tenant-Locator (GET /auth/check)
    std::string_view body;
    std::string_view clientIp;
    std::string_view requestId;
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
