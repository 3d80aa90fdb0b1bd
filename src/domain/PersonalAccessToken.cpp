#include "domain/PersonalAccessToken.h"

#include "domain/NamedValues.h"

namespace tessera::domain {
namespace {

constexpr NamedValues<TokenOrigin, 3> kOrigins{{{
    {TokenOrigin::Session, "session"},
    {TokenOrigin::Token, "token"},
    {TokenOrigin::AdminMint, "admin-mint"},
}}};
static_assert(kOrigins.namesEachValueOnce());

}  // namespace

std::string_view tokenOriginName(TokenOrigin origin) {
    return kOrigins.name(origin);
}

std::optional<TokenOrigin> parseTokenOrigin(std::string_view text) {
    return kOrigins.parse(text);
}

}  // namespace tessera::domain
