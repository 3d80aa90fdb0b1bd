#pragma once

#include <chrono>
#include <string>

#include "crypto/Es256Key.h"
#include "crypto/KeyedHash.h"
#include "crypto/PasswordHasher.h"
#include "service/Authenticator.h"
#include "service/Directory.h"
#include "service/LoginThrottle.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

struct SessionTokens {
    std::string accessToken;
    std::int64_t expiresIn = 0;
    std::string refreshToken;
    std::int64_t refreshExpiresIn = 0;
};

struct SessionLifetimes {
    std::chrono::seconds accessToken{3600};
    std::chrono::seconds refreshToken{8 * 3600};
};

// Native login (JWT-1): password and refresh grants, logout and revocation (JWT-2).
// Password checks are slow by design and run on the worker pool only.
class SessionService {
  public:
    SessionService(const ServiceContext& context, const crypto::KeyedHash& keyedHash,
                   const SigningKeys& signingKeys, const crypto::PasswordHasher& hasher,
                   Authenticator& authenticator, LoginThrottle& throttle,
                   SessionLifetimes lifetimes)
        : context_(context),
          keyedHash_(keyedHash),
          signingKeys_(signingKeys),
          hasher_(hasher),
          authenticator_(authenticator),
          throttle_(throttle),
          lifetimes_(lifetimes) {}

    // Unknown users, wrong passwords, disabled users and service accounts get one answer.
    // Throttled per user name and client address (JWT-3): a locked name gets RateLimited. A
    // correct but expired or temporary password gets PasswordChangeRequired.
    Result<SessionTokens> loginWithPassword(std::string_view businessAccount,
                                            std::string_view userName, std::string_view password,
                                            std::string_view clientAddress);
    Result<SessionTokens> refresh(std::string_view businessAccount, std::string_view refreshToken);
    // JWT-4: the same session as a password login, for a user an identity provider vouched for.
    Result<SessionTokens> loginWithIdentityProvider(std::string_view businessAccount,
                                                    std::string_view userLocator,
                                                    std::string_view providerId);
    // Ends the session of a refresh token or an access token; unknown values are ignored.
    Result<void> logout(std::string_view businessAccount, std::string_view token);
    Result<void> revokeAll(std::string_view userLocator);
    // Deletes sessions whose refresh token has expired; their access tokens expired before.
    Result<size_t> pruneExpired();

  private:
    // A new session for a user who proved who they are (password or identity provider).
    Result<SessionTokens> startSession(const UserEntry& user, std::string_view providerId);
    // `newSession`: a login (recorded as such) rather than a refresh.
    Result<SessionTokens> issue(const UserEntry& user, domain::Session session,
                                std::string refreshToken, bool newSession,
                                std::string_view providerId = {});
    // AUD-1: every login attempt is recorded, never with the password.
    // `user` when the name is a user's; `lockedUntil` when this failure locked it.
    void recordLoginFailure(std::string_view businessAccount, std::string_view userName,
                            const domain::User* user, std::string_view reason,
                            std::optional<domain::Timestamp> lockedUntil);

    ServiceContext context_;
    const crypto::KeyedHash& keyedHash_;
    const SigningKeys& signingKeys_;
    const crypto::PasswordHasher& hasher_;
    Authenticator& authenticator_;
    LoginThrottle& throttle_;
    SessionLifetimes lifetimes_;
};

}  // namespace tessera::service
