#pragma once

#include <expected>
#include <string_view>

#include "domain/ForwardedClient.h"
#include "http/HttpMessage.h"
#include "http/RequestParser.h"

namespace tessera::http {

// The transport-neutral view of a parsed request, or the problem that refuses it before any
// routing: an ambiguous Host or security header (RFC 9112 section 3.2), or a target that is
// neither a path nor an http(s) URL. The view points into `request` and `clientIp`, which must
// outlive it. Its requestId is the client's X-Request-Id when that has 1 to 128 characters,
// else empty (the server names the request then).
std::expected<HttpRequest, HttpResponse> viewOf(const ParsedRequest& request,
                                                std::string_view clientIp);

// The client address of a request that came through `peer` (domain/ForwardedClient.h): the
// peer itself unless it is a trusted proxy, then the hop its forwarded header names. `storage`
// holds the text the answer points into.
domain::ClientAddress clientAddressOf(const ParsedRequest& request,
                                      const domain::ClientAddress& peer,
                                      const domain::TrustedProxies& proxies, std::string& storage);

}  // namespace tessera::http
