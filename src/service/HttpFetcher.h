#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "domain/Error.h"

namespace tessera::service {

struct FetchedResponse {
    long status = 0;
    std::string contentType;
    std::string body;  // at most the cap; the rest of a longer body is not read
};

// A POST of a JSON body with the caller's own limits (webhook deliveries).
struct OutboundPost {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds timeout{10'000};
    std::size_t maxResponseBytes = 64 * 1024;
};

// Outbound HTTP to identity providers (discovery, JWKS, token endpoint) and webhook endpoints.
// Implementations keep short timeouts, follow no redirects and cap the response size.
class HttpFetcher {
  public:
    virtual ~HttpFetcher() = default;
    virtual Result<FetchedResponse> get(const std::string& url) = 0;
    // application/x-www-form-urlencoded, with HTTP Basic client authentication when given.
    virtual Result<FetchedResponse> postForm(
        const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
        const std::string& basicUser, const std::string& basicPassword) = 0;
    // Any status is an answer; an error only when no response came (refused, timed out, TLS).
    // A body beyond the cap ends the transfer; the status stands.
    virtual Result<FetchedResponse> post(const OutboundPost& request) = 0;
};

}  // namespace tessera::service
