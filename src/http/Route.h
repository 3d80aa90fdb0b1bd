#pragma once

#include <string_view>
#include <vector>

#include "domain/Error.h"
#include "http/HttpMessage.h"

namespace tessera::http {

struct RequestContext;
using Handler = Result<HttpResponse> (*)(RequestContext&);

// Who may call an endpoint at all.
enum class Access {
    Public,         // no credential (login, discovery, probes, the console's files)
    Authenticated,  // a valid JWT or PAT, then the permission or the self rule below
    Admin,          // an admin acting with its full rights (ROLE-3), and the permission if any
};

// PERM-4: one group and a list of actions; holding any one of them is enough.
struct Permission {
    std::string_view group;  // empty: no permission opens the endpoint, only the self rule
    std::vector<std::string_view> actions;
};

// PERM-6: the self-service rule that opens an endpoint to a caller without the permission.
enum class SelfRule {
    None,
    AnyCaller,       // any authenticated caller (whoami, mytenants, grouped permissions)
    OwnTokens,       // a session; a PAT only with users.token
    SelfUser,        // a session whose user is the path's user
    SelfUserTokens,  // OwnTokens, and the path's user is the caller
};

// What an endpoint does to the user named by its path (USR-2).
enum class UserAction {
    None,
    Reads,    // the user must be of the caller's business account (else 404)
    Changes,  // and its rights must be within the caller's own; admins only by admins
};

// What the handler does, which decides where it runs: memory-only work stays on the I/O thread
// that answers the hot path; anything that blocks (the store, password hashing, an outbound
// call) goes to the worker pool. A blocking call made on an I/O thread is counted
// (tessera_io_thread_blocking_total) and fails the route walk in the tests.
enum class Work {
    Memory,
    ReadsStore,
    Writes,    // a write, which may also hash a password
    CallsOut,  // an outbound HTTPS call (an identity provider), and maybe a write
};

// Which listener serves an endpoint when `--management-listen` gives /metrics a listener of its
// own (like Keycloak's management interface); without one, the public listener serves them all.
enum class Listener {
    Public,      // the public listener only
    Both,        // both: the probes, which load balancers check on the public port
    Management,  // the management listener only: /metrics
};

// How an endpoint is documented in the OpenAPI document. Bodies name component schemas
// (api/schemas.json): "X", "X[]", "string", "string[]"; a request "form:X" is form-encoded; an
// empty response means an empty 200, "204" an empty 204 and "405" an endpoint that only refuses.
struct RouteDoc {
    std::string_view tag;
    std::string_view summary;
    std::string_view request;
    std::string_view response;
    std::string_view query;  // comma-separated query parameter names
};

// One endpoint. The route table is the single source of authorization (docs/architecture.md) and
// of the OpenAPI document; the router applies AccessPolicy to every request from it.
struct Route {
    std::string_view method;
    std::string_view pattern;  // literal segments and {name} parameters
    std::string_view operationId;
    Access access = Access::Authenticated;
    Permission permission = {};
    SelfRule self = SelfRule::None;
    std::string_view tenantParam = {};  // SCOPE-2: the path parameter naming a tenant
    std::string_view userParam = {};    // USR-2: the path parameter naming a user
    UserAction userAction = UserAction::None;
    Work work = Work::Memory;
    Listener listener = Listener::Public;
    Handler handler = nullptr;
    RouteDoc doc = {};

    bool runsOnWorker() const { return work != Work::Memory; }
};

std::vector<Route> buildRouteTable();
// The routes each listener serves when there is a management listener (Route::listener), in the
// table's order.
std::vector<Route> routesServedBy(const std::vector<Route>& routes, Listener listener);

}  // namespace tessera::http
