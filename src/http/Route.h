#pragma once

#include <string_view>
#include <vector>

#include "http/HttpMessage.h"

namespace tessera::http {

struct RequestContext;
using Handler = HttpResponse (*)(RequestContext&);

// PERM-4 / PERM-6: the self-service rule an endpoint applies when it lists the action `custom`.
enum class SelfRule {
    None,
    AnyCaller,       // any authenticated caller (whoami, mytenants, grouped permissions)
    OwnTokens,       // a session; a PAT only with users.token
    SelfUser,        // a session whose user is the {locator} of the path
    SelfUserTokens,  // OwnTokens, and {locator} is the caller
    Admin,           // an admin acting with its full rights (ROLE-3)
};

// How an endpoint is documented in the OpenAPI document. Bodies name component schemas
// (ApiSchemas.cpp): "X", "X[]", "string", "string[]"; a request "form:X" is form-encoded; an
// empty response means an empty 200, "204" an empty 204 and "405" an endpoint that only refuses.
struct RouteDoc {
    std::string_view tag;
    std::string_view summary;
    std::string_view request;
    std::string_view response;
    std::string_view query;  // comma-separated query parameter names
};

// One endpoint. The route table is the single source of authorization (DESIGN section 3) and
// of the OpenAPI document.
struct Route {
    std::string_view method;
    std::string_view pattern;  // literal segments and {name} parameters
    std::string_view operationId;
    std::string_view group;                 // empty: no declared permission
    std::vector<std::string_view> actions;  // any one suffices (PERM-4)
    SelfRule self = SelfRule::None;
    bool authenticated = true;
    Handler handler = nullptr;
    RouteDoc doc = {};
    bool readsStore = false;  // a GET answered from the store, not memory: runs on a worker
};

std::vector<Route> buildRouteTable();

}  // namespace tessera::http
