#pragma once

#include <absl/container/inlined_vector.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/IpNetwork.h"

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
    std::optional<domain::IpAddress> clientAddress;  // clientIp's address (PAT-12)
    std::string_view requestId;
};

struct HttpResponse {
    int status = 200;
    std::string contentType;
    std::string body;
    // Names are string literals (see header()); a few fit inline, so that a response on the hot
    // path allocates only for long values.
    absl::InlinedVector<std::pair<std::string_view, std::string>, 6> headers;

    template <std::size_t N>
    HttpResponse& header(const char (&name)[N], std::string value) {
        headers.emplace_back(std::string_view(name, N - 1), std::move(value));
        return *this;
    }
};

}  // namespace tessera::http
