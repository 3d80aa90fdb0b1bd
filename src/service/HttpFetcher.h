#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/Error.h"

namespace tessera::service {

struct FetchedResponse {
    long status = 0;
    std::string contentType;
    std::string body;
};

// Outbound HTTP to identity providers (discovery, JWKS, token endpoint). Implementations keep
// short timeouts, follow no redirects and cap the response size.
class HttpFetcher {
  public:
    virtual ~HttpFetcher() = default;
    virtual Result<FetchedResponse> get(const std::string& url) = 0;
    // application/x-www-form-urlencoded, with HTTP Basic client authentication when given.
    virtual Result<FetchedResponse> postForm(
        const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
        const std::string& basicUser, const std::string& basicPassword) = 0;
};

}  // namespace tessera::service
