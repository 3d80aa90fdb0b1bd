#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/PasswordHasher.h"
#include "domain/AuditEvent.h"
#include "domain/PasswordPolicy.h"
#include "service/Directory.h"
#include "service/Principal.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

struct NewUser {
    std::string userName;
    std::string firstName;
    std::string lastName;
    std::string email;
    std::optional<std::string> password;
    bool temporaryPassword = false;  // must be changed at the first login (JWT-3)
    bool serviceAccount = false;
    std::vector<std::string> tenants;
    std::vector<std::string> roles;  // names
    bool enable = false;             // enable a user created without a password (e.g. for SSO)
};

struct UserChanges {
    std::string firstName;
    std::string lastName;
    std::optional<std::string> email;
    std::vector<std::string> tenants;
    std::optional<std::vector<std::string>> roles;
};

using UserRef = std::shared_ptr<const UserEntry>;

// What an edit of a user may touch: a person editing itself through the self rule changes its
// names and email only (RoutePolicy decides which applies).
enum class UserEdit { Profile, Everything };

// Users of a business account (USR-1); every grant goes through GrantChecks (ROLE-3, ROLE-4,
// SCOPE-3). Changes reach the user's JWTs and PATs on the next request (ROLE-5).
class UserService {
  public:
    UserService(const ServiceContext& context, const crypto::PasswordHasher& hasher)
        : context_(context), hasher_(hasher) {}

    Result<UserRef> find(const Principal& caller, std::string_view locator) const;
    // The caller's business account's user with this name, or nothing.
    UserRef findByName(const Principal& caller, std::string_view userName) const;
    // The caller's business account's users, oldest first; with a `search` term only those it
    // matches (domain::matchesSearch, case-insensitive), so a page is cut from the matches.
    std::vector<UserRef> list(const Principal& caller, std::string_view search = {}) const;
    // USR-2: whether the caller may change `user` (RoutePolicy asks before a handler runs).
    Result<void> checkMayChange(const Principal& caller, const UserEntry& user) const;
    Result<UserRef> create(const Principal& caller, const NewUser& request);
    Result<UserRef> update(const Principal& caller, std::string_view locator,
                           const UserChanges& changes, UserEdit edit);
    Result<UserRef> changeRoles(const Principal& caller, std::string_view locator,
                                const std::vector<std::string>& add,
                                const std::vector<std::string>& remove);
    Result<UserRef> changeTenants(const Principal& caller, std::string_view locator,
                                  const std::vector<std::string>& add,
                                  const std::vector<std::string>& remove);
    // USR-1: a disabled user's JWTs and PATs stop on the next request; enabling restores them.
    Result<UserRef> setEnabled(const Principal& caller, std::string_view locator, bool enabled);
    Result<void> remove(const Principal& caller, std::string_view locator);

    // JWT-3: the business account's password policy, enforced wherever a password is set.
    domain::PasswordPolicy passwordPolicy(const Principal& caller) const;
    Result<void> updatePasswordPolicy(const Principal& caller,
                                      const domain::PasswordPolicy& policy);

    std::vector<std::string> roleNames(const domain::User& user) const;

  private:
    using Edit =
        std::function<Result<domain::AuditEvent>(domain::User& user, const UserEntry& current)>;
    // Changes one user inside the writer's serialisation, starting from the state the write
    // commits against, so that no edit undoes a concurrent one; USR-2 is asserted again on that
    // state (the router checked it on the state the request began with).
    Result<UserRef> change(const Principal& caller, std::string_view locator, const Edit& edit);
    Result<UserRef> saveNew(const domain::User& user, domain::AuditEvent event);

    ServiceContext context_;
    const crypto::PasswordHasher& hasher_;
};

}  // namespace tessera::service
