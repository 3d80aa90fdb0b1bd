#include <boost/json/monotonic_resource.hpp>
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
    // Resource servers may introspect every request: the body is built in one stack buffer.
    unsigned char storage[4096];
    boost::json::monotonic_resource resource(storage, sizeof storage);
    boost::json::storage_ptr memory(&resource);
    boost::json::object body(memory);
    body.reserve(12);
    body.emplace("active", true);
    body.emplace("sub", user.locator);
    body.emplace("username", user.userName);
    body.emplace("ba", user.businessAccount);
    body.emplace("iss", context.api.authenticator.issuerFor(user.businessAccount));
    if (subject->credentialExpiresAt)
        body["exp"] = subject->credentialExpiresAt->time_since_epoch().count();
    if (subject->method == service::AuthMethod::Pat) {
        const auto& pat = subject->token->token;
        auto effective = context.api.tokens.effectiveRights(*subject->token);
        body["token_type"] = "personal_access_token";
        body["token_name"] = pat.name;
        body["iat"] = pat.createdAt.time_since_epoch().count();
        body["permissions"] = stringArray(effective->effectivePermissions, memory);
        body["tenants"] = stringArray(effective->effectiveTenants, memory);
        // PAT-12: the resource server applies them to the client it sees.
        if (!pat.allowedNetworks.empty())
            body["allowed_networks"] = stringArray(networkTexts(pat.allowedNetworks), memory);
    } else {
        body["token_type"] = "access_token";
        body["client_id"] = "tessera";
        body["permissions"] = stringArray(subject->user->rights.permissions.toStrings(), memory);
        body["tenants"] = stringArray(subject->user->rights.scope.toStrings(), memory);
    }
    auto response = jsonResponse(body);
    response.header("Cache-Control", "no-store");
    return response;
}

}  // namespace tessera::http
