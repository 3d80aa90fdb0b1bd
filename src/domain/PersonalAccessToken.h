#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/IpNetwork.h"
#include "domain/NamedValues.h"
#include "domain/SharedStringList.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

using SecretDigest = std::array<std::uint8_t, 32>;

// PAT-1: how a token came to be.
enum class TokenOrigin { Session, Token, AdminMint };
constexpr NamedValues<TokenOrigin, 3> stableNames(TokenOrigin) {
    return {{{
        {TokenOrigin::Session, "session"},
        {TokenOrigin::Token, "token"},
        {TokenOrigin::AdminMint, "admin-mint"},
    }}};
}

// PAT-1: what is stored. The token value never is (PAT-7), only its keyed hash.
struct PersonalAccessToken {
    std::string locator;  // ULID
    std::string ownerLocator;
    std::string name;
    SharedStringList permissions;  // exactly as granted
    SharedStringList tenants;      // exactly as granted
    Timestamp createdAt{};
    std::optional<Timestamp> expiresAt;  // none: never expires (PAT-8)
    TokenOrigin origin = TokenOrigin::Session;
    SecretDigest secretHash{};
    std::vector<IpNetwork> allowedNetworks;  // PAT-12: none means any client address
    std::optional<Timestamp> lastUsedAt;
    std::string lastUsedIp;

    bool isExpired(Timestamp now) const { return expiresAt && *expiresAt <= now; }
};

}  // namespace tessera::domain
