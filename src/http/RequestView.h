#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <expected>
#include <string_view>

#include "domain/ForwardedClient.h"
#include "http/HttpMessage.h"

namespace tessera::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Limits the server's parser applies to every request (docs/api.md, errors: 413 and 431 beyond).
inline constexpr std::size_t kRequestHeaderLimit = 16 * 1024;
inline constexpr std::size_t kRequestBodyLimit = 64 * 1024;

// The transport-neutral view of a parsed request, or the problem that refuses it before any
// routing: an ambiguous Host or security header (RFC 9112 section 3.2), or a target that is
// neither a path nor an http(s) URL. The view points into `request` and `clientIp`, which must
// outlive it. Its requestId is the client's X-Request-Id when that has 1 to 128 characters,
// else empty (the server names the request then).
std::expected<HttpRequest, HttpResponse> viewOf(const BeastRequest& request,
                                                std::string_view clientIp);

// The client address of a request that came through `peer` (domain/ForwardedClient.h): the
// peer itself unless it is a trusted proxy, then the hop its forwarded header names. `storage`
// holds the text the answer points into.
domain::ClientAddress clientAddressOf(const BeastRequest& request,
                                      const domain::ClientAddress& peer,
                                      const domain::TrustedProxies& proxies, std::string& storage);

}  // namespace tessera::http
