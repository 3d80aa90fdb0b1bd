#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "crypto/JwkSet.h"
#include "crypto/SecretBox.h"
#include "domain/IdentityProvider.h"
#include "service/Directory.h"
#include "service/HttpFetcher.h"
#include "service/Principal.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

struct OidcRegistration {
    std::string id;
    std::string displayName;
    std::string importConfigUrl;
    std::string clientId;
    std::string clientSecret;
};

struct SamlRegistration {
    std::string id;
    std::string displayName;
    std::string singleSignOnServiceUrl;  // may come from the metadata instead
    std::string metadataUrl;             // either this ...
    std::string signingCertificate;      // ... or this (PEM or base64 DER)
};

// Who a completed SSO login is: redeemed once at the token endpoint for a normal session.
struct SsoGrant {
    std::string userLocator;
    std::string providerId;
};

// JWT-4 over OpenID Connect: registration (the discovery document is fetched and validated),
// the authorization-code flow with state, nonce and PKCE (S256), ID-token verification against
// the provider's JWKS, mapping to an existing, enabled user, and the one-time code the console
// exchanges for tokens (so tokens never appear in a URL). Pending logins, one-time codes and the
// SAML replay guard live in the store for minutes, shared by every instance.
class SsoService {
  public:
    SsoService(const ServiceContext& context, HttpFetcher& fetcher,
               const crypto::SecretBox& secrets, std::string publicUrl)
        : context_(context),
          fetcher_(fetcher),
          secrets_(secrets),
          publicUrl_(std::move(publicUrl)) {}

    Result<domain::IdentityProvider> registerOidc(const Principal& caller,
                                                  const OidcRegistration& registration);
    Result<domain::IdentityProvider> registerSaml(const Principal& caller,
                                                  const SamlRegistration& registration);
    Result<std::vector<domain::IdentityProvider>> list(std::string_view businessAccount) const;
    Result<domain::IdentityProvider> find(std::string_view businessAccount,
                                          std::string_view id) const;
    Result<void> remove(const Principal& caller, std::string_view id);

    std::string callbackUrl(std::string_view businessAccount, std::string_view id) const;
    std::string acsUrl(std::string_view businessAccount, std::string_view id) const;
    std::string entityId(std::string_view businessAccount) const;

    // The provider's authorization URL for a new login.
    Result<std::string> beginLogin(std::string_view businessAccount, std::string_view id);
    // The provider sent the browser back: returns the one-time code for the console.
    Result<std::string> completeOidc(std::string_view businessAccount, std::string_view id,
                                     std::string_view state, std::string_view code);
    // The provider posted a SAML response to the ACS URL: returns the one-time console code.
    Result<std::string> completeSaml(std::string_view businessAccount, std::string_view id,
                                     std::string_view samlResponse, std::string_view relayState);
    // Single use, short-lived, bound to its business account.
    Result<SsoGrant> redeem(std::string_view businessAccount, std::string_view code);

  private:
    struct PendingLogin {
        std::string businessAccount;
        std::string providerId;
        std::string nonce;  // OIDC nonce, or the SAML AuthnRequest ID
        std::string codeVerifier;
    };
    struct CachedKeys {
        std::shared_ptr<const crypto::JwkSet> keys;
        std::chrono::steady_clock::time_point fetchedAt;
    };

    Result<std::shared_ptr<const crypto::JwkSet>> keysOf(const domain::IdentityProvider& provider,
                                                         bool refresh);
    Result<std::string> verifyIdToken(const domain::IdentityProvider& provider,
                                      std::string_view idToken, const std::string& nonce);
    Result<PendingLogin> takePending(std::string_view businessAccount, std::string_view id,
                                     std::string_view state);
    Result<std::string> issueCode(const domain::IdentityProvider& provider, const UserEntry& user);
    Result<void> save(const domain::IdentityProvider& provider);
    // A provider of the caller's business account, created now, with what every type has.
    domain::IdentityProvider newProvider(const Principal& caller, const std::string& id,
                                         const std::string& displayName,
                                         domain::IdentityProviderType type) const;
    // JWT-5: the user linked to the provider's subject; on a first login the user whose user
    // name is the asserted one, or whose email is one the provider asserts as verified (the
    // JSON boolean true only), which is then linked to (provider, subject).
    Result<std::shared_ptr<const UserEntry>> mapToUser(const domain::IdentityProvider& provider,
                                                       const std::string& claimsJson);
    Result<void> link(const domain::IdentityProvider& provider, const UserEntry& user,
                      const domain::SsoLink& identity);
    void recordFailure(const domain::IdentityProvider& provider, std::string reason,
                       std::string subject);

    ServiceContext context_;
    HttpFetcher& fetcher_;
    const crypto::SecretBox& secrets_;
    std::string publicUrl_;

    std::mutex mutex_;                        // guards keys_; never held across I/O
    std::map<std::string, CachedKeys> keys_;  // by "ba/id"
};

}  // namespace tessera::service
