#pragma once

#include <string>
#include <string_view>

#include "domain/Error.h"

namespace tessera::service {

// What an OpenID provider's discovery document must name for the authorization-code flow.
struct OidcEndpoints {
    std::string issuer;
    std::string authorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
};

// Validates a discovery document (OpenID Connect Discovery 1.0) fetched from `fetchedFrom`:
// a JSON object whose endpoints are acceptable provider URLs, whose issuer is the URL it was
// fetched under (section 4.3) and which supports the `code` response type. The error's message
// says why the document is unusable.
Result<OidcEndpoints> parseDiscoveryDocument(std::string_view body, std::string_view fetchedFrom);

}  // namespace tessera::service
