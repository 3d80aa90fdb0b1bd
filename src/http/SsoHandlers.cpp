#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "crypto/SamlXml.h"
#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Query.h"
#include "http/Representations.h"
#include "service/PercentEncoding.h"

namespace tessera::http {

namespace {

boost::json::object providerJson(const Api& api, const domain::IdentityProvider& provider) {
    bool oidc = provider.type == domain::IdentityProviderType::Oidc;
    boost::json::object out{
        {"id", provider.id},
        {"displayName", provider.displayName},
        {"type", domain::identityProviderTypeName(provider.type)},
        {"acsUrl", api.sso.acsUrl(provider.businessAccount, provider.id)},
        {"callbackUrl", api.sso.callbackUrl(provider.businessAccount, provider.id)},
        {"entityId", api.sso.entityId(provider.businessAccount)},
        {"singleSignOnServiceUrl",
         oidc ? provider.authorizationEndpoint : provider.singleSignOnServiceUrl}};
    if (oidc) {
        out["issuer"] = provider.issuer;  // extension; the client secret is never returned
        out["clientId"] = provider.clientId;
    }
    return out;
}

Result<HttpResponse> providerResponse(RequestContext& context,
                                      const Result<domain::IdentityProvider>& provider) {
    return respond(provider, [&](const domain::IdentityProvider& found) {
        return jsonResponse(providerJson(context.api, found));
    });
}

HttpResponse redirect(std::string location) {
    HttpResponse response;
    response.status = 302;
    response.header("Location", std::move(location));
    response.header("Cache-Control", "no-store");
    return response;
}

// Errors of the browser flow go back to the console's login page, in the fragment (never sent
// to a server, never in a Referer).
HttpResponse consoleError(const std::string& message) {
    return redirect("/#/sso-error/" + service::percentEncode(message));
}

}  // namespace

Result<HttpResponse> handleAddOidcProvider(RequestContext& context) {
    auto body =
        readJsonObject(context.request, {requiredField("id"), requiredField("displayName"),
                                         requiredField("importConfigUrl"),
                                         requiredField("clientId"), requiredField("clientSecret")});
    TESSERA_TRY(body);
    return providerResponse(
        context, context.api.sso.registerOidc(
                     context.caller(), {body->string("id"), body->string("displayName"),
                                        body->string("importConfigUrl"), body->string("clientId"),
                                        body->string("clientSecret")}));
}

// Tessera extension: `metadataUrl` or `signingCertificate`, since the signature must be checked
// against something.
Result<HttpResponse> handleAddSamlProvider(RequestContext& context) {
    auto body = readJsonObject(
        context.request,
        {requiredField("id"), requiredField("displayName"), optionalField("singleSignOnServiceUrl"),
         optionalField("metadataUrl"), optionalField("signingCertificate")});
    TESSERA_TRY(body);
    return providerResponse(
        context, context.api.sso.registerSaml(
                     context.caller(), {body->string("id"), body->string("displayName"),
                                        body->optionalString("singleSignOnServiceUrl").value_or(""),
                                        body->optionalString("metadataUrl").value_or(""),
                                        body->optionalString("signingCertificate").value_or("")}));
}

// SAML service-provider metadata, for the provider's administrator.
Result<HttpResponse> handleSamlMetadata(RequestContext& context) {
    auto provider = context.api.sso.find(context.param("ba"), context.param("id"));
    TESSERA_TRY(provider);
    HttpResponse response;
    response.contentType = "application/samlmetadata+xml";
    response.body =
        crypto::samlSpMetadata(context.api.sso.entityId(context.param("ba")),
                               context.api.sso.acsUrl(context.param("ba"), context.param("id")));
    return response;
}

// The SAML HTTP-POST binding: the provider's signed response arrives here through the browser.
Result<HttpResponse> handleSamlAcs(RequestContext& context) {
    auto form = parseFormBody(context.request);
    if (!form) return consoleError(form.error().message);
    auto response = queryValue(*form, "SAMLResponse").value_or("");
    auto relayState = queryValue(*form, "RelayState").value_or("");
    if (response.empty()) return consoleError("the identity provider sent no SAMLResponse");
    auto completed = context.api.sso.completeSaml(context.param("ba"), context.param("id"),
                                                  response, relayState);
    if (!completed) return consoleError(completed.error().message);
    HttpResponse redirected;
    // 303: the browser follows a POST with a GET.
    redirected.status = 303;
    redirected.header("Location", "/#/sso/" + std::string(context.param("ba")) + "/" + *completed);
    redirected.header("Cache-Control", "no-store");
    return redirected;
}

Result<HttpResponse> handleListProviders(RequestContext& context) {
    auto providers = context.api.sso.list(context.caller().businessAccount());
    TESSERA_TRY(providers);
    boost::json::array items;
    for (const auto& provider : *providers) items.push_back(providerJson(context.api, provider));
    return jsonResponse(items);
}

Result<HttpResponse> handleGetProvider(RequestContext& context) {
    return providerResponse(
        context, context.api.sso.find(context.caller().businessAccount(), context.param("name")));
}

Result<HttpResponse> handleDeleteProvider(RequestContext& context) {
    auto removed = context.api.sso.remove(context.caller(), context.param("name"));
    TESSERA_TRY(removed);
    return emptyResponse();
}

// Public, for the login page: id and display name only.
Result<HttpResponse> handlePublicProviders(RequestContext& context) {
    if (!context.api.authenticator.knowsBusinessAccount(context.param("ba")))
        return problem(ErrorCode::NotFound, "no such business account (realm)");
    auto providers = context.api.sso.list(context.param("ba"));
    TESSERA_TRY(providers);
    boost::json::array items;
    for (const auto& provider : *providers) {
        items.push_back(boost::json::object{
            {"id", provider.id},
            {"displayName", provider.displayName},
            {"type", domain::identityProviderTypeName(provider.type)},
            {"loginUrl",
             "/auth/realms/" + provider.businessAccount + "/sso/" + provider.id + "/login"}});
    }
    return jsonResponse(items);
}

Result<HttpResponse> handleSsoLogin(RequestContext& context) {
    auto url = context.api.sso.beginLogin(context.param("ba"), context.param("id"));
    if (!url) return consoleError(url.error().message);
    return redirect(*url);
}

Result<HttpResponse> handleSsoCallback(RequestContext& context) {
    auto fields = parseQueryString(context.request.query);
    if (!fields) return consoleError("the identity provider's answer is malformed");
    auto code = queryValue(*fields, "code").value_or("");
    auto state = queryValue(*fields, "state").value_or("");
    auto completed =
        context.api.sso.completeOidc(context.param("ba"), context.param("id"), state, code);
    if (!completed) return consoleError(completed.error().message);
    return redirect("/#/sso/" + std::string(context.param("ba")) + "/" + *completed);
}

}  // namespace tessera::http
