#include <boost/json/object.hpp>

#include "http/Handlers.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"
#include "http/RoutePolicy.h"

namespace tessera::http {

using namespace tessera::domain;

// RFC 7662 token introspection for resource servers. Anything that is not a live credential of
// the caller's business account is simply `active: false`, never an error that says why.
HttpResponse handleIntrospect(RequestContext& context) {
    auto form = parseFormBody(context.request);
    if (!form) return problem(form.error());
    auto token = queryValue(*form, "token");
    if (!token || token->empty()) {
        return problem(Error{ErrorCode::InvalidRequest, "token is required", {"token"}});
    }
    auto inactive = jsonResponse(boost::json::object{{"active", false}});
    auto subject = context.api.authenticator.inspect(*token);
    if (!subject || !mayIntrospect(context, *subject)) return inactive;

    const auto& user = subject->account();
    boost::json::object body{{"active", true},
                             {"sub", user.locator},
                             {"username", user.userName},
                             {"ba", user.businessAccount},
                             {"iss", context.api.authenticator.issuerFor(user.businessAccount)}};
    if (subject->credentialExpiresAt)
        body["exp"] = subject->credentialExpiresAt->time_since_epoch().count();
    if (subject->method == service::AuthMethod::Pat) {
        const auto& pat = subject->token->token;
        auto effective = context.api.tokens.effectiveRights(*subject->token);
        body["token_type"] = "personal_access_token";
        body["token_name"] = pat.name;
        body["iat"] = pat.createdAt.time_since_epoch().count();
        body["permissions"] = stringArray(effective.effectivePermissions);
        body["tenants"] = stringArray(effective.effectiveTenants);
    } else {
        body["token_type"] = "access_token";
        body["client_id"] = "tessera";
        body["permissions"] = stringArray(subject->user->rights.permissions.toStrings());
        body["tenants"] = stringArray(subject->user->rights.scope.toStrings());
    }
    auto response = jsonResponse(body);
    response.header("Cache-Control", "no-store");
    return response;
}

}  // namespace tessera::http
