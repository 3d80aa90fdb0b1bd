#pragma once

#include "service/HttpFetcher.h"

namespace tessera::http {

// libcurl: 3 s to connect, 10 s in all, no redirects, http and https only, 1 MiB at most (a
// POST sets its own time and size limits).
class CurlFetcher final : public service::HttpFetcher {
  public:
    CurlFetcher();  // curl_global_init, once per process
    Result<service::FetchedResponse> get(const std::string& url) override;
    Result<service::FetchedResponse> postForm(
        const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
        const std::string& basicUser, const std::string& basicPassword) override;
    Result<service::FetchedResponse> post(const service::OutboundPost& request) override;
};

}  // namespace tessera::http
