#pragma once

#include <optional>

#include "http/RequestContext.h"
#include "http/Route.h"
#include "service/UserService.h"

namespace tessera::http {

// The one authorization decision of every request (docs/architecture.md), taken by the router from
// the route's declaration before the handler runs, in this order:
//   1. authentication (Access::Authenticated, Access::Admin) -> 401;
//   2. SCOPE-2: the path's tenant must be of the caller's business account (else 404) and in the
//      caller's scope and its token's (else 403), before any permission is looked at;
//   3. Access::Admin: an admin acting with its full rights (ROLE-3);
//   4. the permission (PERM-4), or else the self rule (PERM-6) -> 403;
//   5. the path's user must be of the caller's business account (else 404) and, when the route
//      changes it, within the caller's rights (USR-2) -> 403.
// On success the context holds the caller, how it was let in, the tenant and the user; on
// refusal the rejection, which the router sends as Problem Details.
Result<void> authorizeRequest(const Route& route, RequestContext& context);

// The refinements of the few endpoints whose body, not their path, names what they act on.
// PERM-6: a PAT let in by the self rule reads the permissions of itself only; its siblings need
// users.read or users.token.
bool mayInspectToken(const RequestContext& context, const service::TokenEntry& token);
// RFC 7662: a caller learns about credentials of its own business account only (BA-1).
bool mayIntrospect(const RequestContext& context, const service::Principal& subject);
// The self rule lets a person edit its own names and email, never its roles or tenants.
service::UserEdit userEditFor(const RequestContext& context);

}  // namespace tessera::http
