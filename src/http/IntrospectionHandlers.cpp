#include <boost/json/object.hpp>

#include "http/Handlers.h"
#include "http/JsonObjectWriter.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"
#include "http/RoutePolicy.h"

namespace tessera::http {

using namespace tessera::domain;

// RFC 7662 token introspection for resource servers. Anything that is not a live credential of
// the caller's business account is simply `active: false`, never an error that says why.
Result<HttpResponse> handleIntrospect(RequestContext& context) {
    auto form = parseFormBody(context.request);
    TESSERA_TRY(form);
    auto token = queryValue(*form, "token");
    if (!token || token->empty()) {
        return problem(Error{ErrorCode::InvalidRequest, "token is required", {"token"}});
    }
    auto subject = context.api.authenticator.inspect(*token);
    if (!subject || !mayIntrospect(context, *subject))
        return jsonResponse(boost::json::object{{"active", false}});

    const auto& user = subject->account();
    // Resource servers may introspect every request: the body is written as it is built.
    HttpResponse response;
    response.contentType = "application/json";
    response.body.reserve(512);
    JsonObjectWriter body(response.body);
    body.boolean("active", true)
        .text("sub", user.locator)
        .text("username", user.userName)
        .text("ba", user.businessAccount)
        .text("iss", context.api.authenticator.issuerFor(user.businessAccount));
    if (subject->credentialExpiresAt)
        body.integer("exp", subject->credentialExpiresAt->time_since_epoch().count());
    if (subject->method == service::AuthMethod::Pat) {
        const auto& pat = subject->token->token;
        auto effective = context.api.tokens.effectiveRights(*subject->token);
        body.text("token_type", "personal_access_token")
            .text("token_name", pat.name)
            .integer("iat", pat.createdAt.time_since_epoch().count())
            .texts("permissions", effective->effectivePermissions)
            .texts("tenants", effective->effectiveTenants);
        // PAT-12: the resource server applies them to the client it sees.
        if (!pat.allowedNetworks.empty())
            body.texts("allowed_networks", networkTexts(pat.allowedNetworks));
    } else {
        body.text("token_type", "access_token")
            .text("client_id", "tessera")
            .texts("permissions", subject->user->rights.permissions.toStrings())
            .texts("tenants", subject->user->rights.scope.toStrings());
    }
    body.close();
    response.header("Cache-Control", "no-store");
    return response;
}

}  // namespace tessera::http
