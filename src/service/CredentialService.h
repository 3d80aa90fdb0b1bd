#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/PasswordHasher.h"
#include "domain/PasswordPolicy.h"
#include "domain/User.h"
#include "service/Clock.h"
#include "service/Directory.h"
#include "service/LoginThrottle.h"
#include "service/Principal.h"
#include "service/Writer.h"

namespace tessera::service {

// CredentialResponse, with the password's expiry as an extension.
struct CredentialStatus {
    bool passwordEnabled = false;
    bool temporaryPassword = false;
    domain::Timestamp createdAt{};
    std::optional<domain::Timestamp> passwordChangedAt;
    std::optional<domain::Timestamp> passwordExpiresAt;
    std::optional<domain::Timestamp> lastSessionStartAt;
    std::optional<domain::Timestamp> lastSessionLastAccessAt;
};

// The hash for a new password of `user`, once it meets the policy and is not one of the last
// `passwordHistory` passwords (JWT-3). Each broken rule is named.
Result<std::string> hashAcceptablePassword(const crypto::PasswordHasher& hasher,
                                           const domain::PasswordPolicy& policy,
                                           const domain::User& user, std::string_view password);

// Passwords after creation (JWT-3): the admin reset, the self-service change (also the way out
// of an expired or temporary password), removal, and the credential status.
class CredentialService {
  public:
    CredentialService(Directory& directory, Writer& writer, const crypto::PasswordHasher& hasher,
                      LoginThrottle& throttle, const Clock& clock)
        : directory_(directory),
          writer_(writer),
          hasher_(hasher),
          throttle_(throttle),
          clock_(clock) {}

    // `temporary`: the user must change it at the next login.
    Result<void> resetPassword(const Principal& caller, std::string_view locator,
                               std::string_view password, bool temporary);
    // Unauthenticated: the current password proves who is asking, throttled like a login. Ends
    // the user's sessions, since whoever knew the old password may hold one.
    Result<void> changePassword(std::string_view businessAccount, std::string_view userName,
                                std::string_view currentPassword, std::string_view newPassword,
                                std::string_view clientAddress);
    // The user can no longer log in with a password (SSO still works); sessions end.
    Result<void> removeCredentials(const Principal& caller, std::string_view locator);
    Result<CredentialStatus> status(const Principal& caller, std::string_view locator) const;

  private:
    Result<std::shared_ptr<const UserEntry>> target(const Principal& caller,
                                                    std::string_view locator) const;
    domain::PasswordPolicy policyOf(std::string_view businessAccount) const;
    // `actor`: the caller changing someone's password (USR-2 is asserted again on the state the
    // write commits against); null for a person changing its own with the current password.
    Result<void> savePassword(const Principal* actor, const domain::User& user,
                              const std::string& hash, bool temporary, std::string eventType);

    Directory& directory_;
    Writer& writer_;
    const crypto::PasswordHasher& hasher_;
    LoginThrottle& throttle_;
    const Clock& clock_;
};

}  // namespace tessera::service
