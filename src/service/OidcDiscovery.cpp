#include "service/OidcDiscovery.h"

#include <boost/json/parse.hpp>

#include <utility>

#include "domain/IdentityProvider.h"

namespace tessera::service {
namespace {

std::string stringMember(const boost::json::object& object, const char* name) {
    auto found = object.if_contains(name);
    return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

}  // namespace

Result<OidcEndpoints> parseDiscoveryDocument(std::string_view body, std::string_view fetchedFrom) {
    boost::system::error_code ec;
    auto document = boost::json::parse(body, ec);
    if (ec || !document.is_object())
        return fail(ErrorCode::InvalidRequest, "it is not a JSON object");
    const auto& discovery = document.as_object();
    OidcEndpoints endpoints;
    endpoints.issuer = stringMember(discovery, "issuer");
    endpoints.authorizationEndpoint = stringMember(discovery, "authorization_endpoint");
    endpoints.tokenEndpoint = stringMember(discovery, "token_endpoint");
    endpoints.jwksUri = stringMember(discovery, "jwks_uri");
    for (const auto& [name, value] : {std::pair{"issuer", &endpoints.issuer},
                                      {"authorization_endpoint", &endpoints.authorizationEndpoint},
                                      {"token_endpoint", &endpoints.tokenEndpoint},
                                      {"jwks_uri", &endpoints.jwksUri}}) {
        if (value->empty())
            return fail(ErrorCode::InvalidRequest, std::string(name) + " is missing");
        if (!domain::isAcceptableProviderUrl(*value))
            return fail(ErrorCode::InvalidRequest, std::string(name) + " is not an https URL");
    }
    auto expectedPrefix = endpoints.issuer;
    while (expectedPrefix.ends_with('/')) expectedPrefix.pop_back();
    if (fetchedFrom != expectedPrefix + "/.well-known/openid-configuration")
        return fail(ErrorCode::InvalidRequest, "its issuer does not match importConfigUrl");
    if (auto types = discovery.if_contains("response_types_supported");
        types && types->is_array()) {
        bool code = false;
        for (const auto& type : types->as_array())
            code |= type.is_string() && type.as_string() == "code";
        if (!code)
            return fail(ErrorCode::InvalidRequest,
                        "it does not support the authorization-code flow");
    }
    return endpoints;
}

}  // namespace tessera::service
