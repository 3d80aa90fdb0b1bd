#pragma once

#include <memory>
#include <optional>
#include <string>

#include "domain/Timestamp.h"
#include "service/Directory.h"

namespace tessera::service {

enum class AuthMethod { Jwt, Pat };

// Who is calling, as established for this one request.
struct Principal {
    AuthMethod method = AuthMethod::Jwt;
    std::shared_ptr<const UserEntry> user;
    std::shared_ptr<TokenEntry> token;  // set for AuthMethod::Pat
    std::string sessionId;              // set for AuthMethod::Jwt
    std::optional<domain::Timestamp> credentialExpiresAt;

    const domain::User& account() const { return user->user; }
    const std::string& businessAccount() const { return user->user.businessAccount; }
};

}  // namespace tessera::service
