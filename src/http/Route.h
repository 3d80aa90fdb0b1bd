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
};

// One endpoint. The route table is the single source of authorization (DESIGN section 3).
struct Route {
    std::string_view method;
    std::string_view pattern;  // literal segments and {name} parameters
    std::string_view operationId;
    std::string_view group;                 // empty: no declared permission
    std::vector<std::string_view> actions;  // any one suffices (PERM-4)
    SelfRule self = SelfRule::None;
    bool authenticated = true;
    Handler handler = nullptr;
};

std::vector<Route> buildRouteTable();

}  // namespace tessera::http
