#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../TestSupport.h"
#include "FaultyStore.h"
#include "crypto/Es256Key.h"
#include "crypto/Ids.h"
#include "crypto/KeyedHash.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Random.h"
#include "domain/Catalogue.h"
#include "domain/PatRules.h"
#include "domain/Role.h"
#include "service/AuditScope.h"
#include "service/Authenticator.h"
#include "service/CredentialService.h"
#include "service/Directory.h"
#include "service/LoginThrottle.h"
#include "service/RoleService.h"
#include "service/ServiceContext.h"
#include "service/SessionService.h"
#include "service/SigningKeys.h"
#include "service/TenantService.h"
#include "service/TokenService.h"
#include "service/TokenUseFlusher.h"
#include "service/UserService.h"
#include "service/Writer.h"

namespace tessera::testing {

// The services as src/app/main.cpp wires them, over a SQLite store in a temporary directory (a
// FaultyStore), on a ManualClock. Business account "default" exists with an admin
// (kAdminName, kAdminPassword), created as `tessera serve` creates it on an empty store.
// Passwords are real argon2id hashes (PasswordHasher has no cheaper setting): create few users.
struct ServiceWorld {
    static constexpr const char* kOrigin = "world";
    static constexpr const char* kAdminName = "admin@example.com";
    static constexpr const char* kAdminPassword = "Admin-Passw0rd-0001!";

    TempDir dir;
    FaultyStore store{dir.file("tessera.db"), kOrigin};
    service::Directory directory{domain::Catalogue::defaults()};
    crypto::SystemRandom random;
    ManualClock clock;
    crypto::KeyedHash keyedHash{std::vector<std::uint8_t>(32, 7)};
    service::SigningKeys signingKeys{
        std::make_shared<const crypto::Es256Key>(*crypto::Es256Key::generate())};
    crypto::PasswordHasher hasher;
    service::Writer writer{store, directory, random, clock};
    service::Authenticator authenticator{directory, keyedHash, signingKeys, clock,
                                         "https://auth.example"};
    service::ServiceContext context{directory, writer, random, clock};
    service::TokenService tokens{context, keyedHash};
    service::UserService users{context, hasher};
    service::RoleService roles{context};
    service::TenantService tenants{context};
    service::LoginThrottle throttle{{}, store, keyedHash};
    service::SessionService sessions{context,       keyedHash, signingKeys, hasher,
                                     authenticator, throttle,  {}};
    service::CredentialService credentials{directory, writer, hasher, throttle, clock};
    service::TokenUseFlusher flusher{directory, store};
    std::string adminLocator;

    ServiceWorld() {
        std::int64_t sequence = 0;
        auto loaded = store.loadAll(sequence);
        if (!loaded) throw std::runtime_error(loaded.error().message);
        directory.apply(*loaded);
        writer.follow(kOrigin, sequence);
        createBusinessAccount();
    }

    // Who is calling: a user of the Directory as a JWT session would present it.
    service::Principal as(const std::string& locator) const {
        service::Principal principal;
        principal.method = service::AuthMethod::Jwt;
        principal.user = directory.findUser(locator);
        if (!principal.user) throw std::logic_error("no user " + locator);
        return principal;
    }
    service::Principal admin() const { return as(adminLocator); }

    // A user of "default" with a password, created by the admin through UserService.
    service::UserRef createUser(const std::string& userName, const std::string& password,
                                std::vector<std::string> roleNames = {},
                                std::vector<std::string> tenantScope = {}) {
        service::NewUser request;
        request.userName = userName;
        request.firstName = "First";
        request.lastName = "Last";
        request.password = password;
        request.roles = std::move(roleNames);
        request.tenants = std::move(tenantScope);
        auto created = users.create(admin(), request);
        if (!created)
            throw std::runtime_error("cannot create " + userName + ": " + created.error().message);
        return *created;
    }

    // A user without a password (so no hashing), for tests that need only its rights.
    service::UserRef createUserWithoutPassword(const std::string& userName,
                                               std::vector<std::string> roleNames,
                                               std::vector<std::string> tenantScope = {}) {
        service::NewUser request;
        request.userName = userName;
        request.firstName = "First";
        request.lastName = "Last";
        request.roles = std::move(roleNames);
        request.tenants = std::move(tenantScope);
        request.enable = true;
        auto created = users.create(admin(), request);
        if (!created)
            throw std::runtime_error("cannot create " + userName + ": " + created.error().message);
        return *created;
    }

    std::vector<domain::AuditEvent> events(const std::string& type = "") {
        auto listed = store.listEvents({"default", std::nullopt, std::nullopt, type, "", 1000});
        if (!listed) throw std::runtime_error(listed.error().message);
        return *listed;
    }

  private:
    // As app/Bootstrap.cpp createBusinessAccount, on this world's clock.
    void createBusinessAccount() {
        auto hash = hasher.hash(kAdminPassword);
        if (!hash) throw std::runtime_error(hash.error().message);
        auto now = clock.now();
        domain::User user;
        user.locator = crypto::newUuid(random);
        user.businessAccount = "default";
        user.userName = kAdminName;
        user.firstName = "Admin";
        user.lastName = "User";
        user.email = kAdminName;
        user.roleLocators = {std::string(domain::kAdminRoleLocator)};
        user.passwordHash = *hash;
        user.createdAt = now;
        user.credentials.passwordChangedAt = now;
        user.enabled = true;
        store::WriteBatch batch;
        batch.putBusinessAccounts.push_back(
            domain::BusinessAccount{"default", domain::kDefaultPatLimit, now, {}, {}});
        batch.putUsers.push_back(user);
        batch.events.push_back(service::auditEvent("auth.businessAccount.create", "default"));
        auto written = writer.write([&]() -> Result<store::WriteBatch> { return batch; });
        if (!written) throw std::runtime_error(written.error().message);
        adminLocator = user.locator;
    }
};

}  // namespace tessera::testing
