// OpenID Connect discovery documents fetched when a provider is registered (JWT-4).
#include "FuzzInput.h"
#include "domain/IdentityProvider.h"
#include "service/OidcDiscovery.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto parts = fuzz::fields(fuzz::asText(data, size), 2);
    for (auto from :
         {std::string_view("https://idp.example/.well-known/openid-configuration"), parts[1]}) {
        auto endpoints = service::parseDiscoveryDocument(parts[0], from);
        if (!endpoints) continue;
        fuzz::require(domain::isAcceptableProviderUrl(endpoints->issuer));
        fuzz::require(domain::isAcceptableProviderUrl(endpoints->jwksUri));
    }
    return 0;
}
