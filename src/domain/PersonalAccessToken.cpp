#include "domain/PersonalAccessToken.h"

namespace tessera::domain {

std::string_view tokenOriginName(TokenOrigin origin) {
    switch (origin) {
        case TokenOrigin::Session:
            return "session";
        case TokenOrigin::Token:
            return "token";
        case TokenOrigin::AdminMint:
            return "admin-mint";
    }
    return "session";
}

std::optional<TokenOrigin> parseTokenOrigin(std::string_view text) {
    if (text == "session") return TokenOrigin::Session;
    if (text == "token") return TokenOrigin::Token;
    if (text == "admin-mint") return TokenOrigin::AdminMint;
    return std::nullopt;
}

}  // namespace tessera::domain
