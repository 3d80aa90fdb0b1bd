#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/KeyedHash.h"
#include "domain/Authorizer.h"
#include "domain/TokenPolicy.h"
#include "service/Directory.h"
#include "service/Principal.h"
#include "service/ServiceContext.h"
#include "service/Writer.h"

namespace tessera::service {

struct CreateTokenRequest {
    std::string name;
    std::vector<std::string> permissions;
    std::vector<std::string> tenants;
    std::optional<domain::Timestamp> expiresAt;
    std::vector<std::string> allowedNetworks = {};  // PAT-12: CIDR blocks; none means any
};

// What a new token of the caller could be granted right now, for token pickers (the console).
struct GrantableChoices {
    struct Group {
        std::string name;
        bool wildcard = false;  // `name.*` itself is grantable
        std::vector<std::string> actions;
    };
    struct ScopeChoice {
        std::string entry;
        std::shared_ptr<const domain::Tenant> tenant;  // set when the entry names one tenant
    };
    std::vector<Group> permissions;    // in catalogue order
    std::vector<ScopeChoice> tenants;  // `any`, `type:…`, then the tenants the caller reaches
    int limit = 0;                     // PAT-6, for the caller's own tokens
};

struct CreatedToken {
    std::string value;  // shown once (PAT-7)
    std::shared_ptr<TokenEntry> entry;
};

// Personal access tokens: creation bounded by the creator's current rights (PAT-2, PAT-3),
// the per-user limit (PAT-6), lookup by value or name (PAT-9) and deletion.
class TokenService {
  public:
    TokenService(const ServiceContext& context, const crypto::KeyedHash& keyedHash)
        : context_(context), keyedHash_(keyedHash) {}

    Result<CreatedToken> create(const Principal& creator, const CreateTokenRequest& request);
    // PAT-11: an admin mints a token owned by a service account; it counts against its limit.
    Result<CreatedToken> mintForServiceAccount(const Principal& creator,
                                               std::string_view ownerLocator,
                                               const CreateTokenRequest& request);
    std::vector<std::shared_ptr<TokenEntry>> list(std::string_view ownerLocator) const;
    // PAT-9: read as a token value when it has the PAT format, otherwise as a name.
    Result<std::shared_ptr<TokenEntry>> find(std::string_view ownerLocator,
                                             std::string_view tokenOrName) const;
    Result<void> remove(std::string_view ownerLocator, std::string_view tokenOrName);

    // Deletes every live token among `values` (leak response); returns how many it deleted. Each
    // is logged with its owner and name, never its value, so the owner can be told.
    Result<size_t> revokeLeaked(const std::vector<std::string>& values);

    // Computed once per token and Directory version (introspection asks for it on every call).
    std::shared_ptr<const domain::EffectiveRights> effectiveRights(const TokenEntry& token) const;

    // The caller's business account's rules for new tokens (extension, admins only).
    domain::TokenPolicy policy(const Principal& caller) const;
    Result<void> updatePolicy(const Principal& caller, const domain::TokenPolicy& policy);
    int limitFor(const domain::User& user) const;

    GrantableChoices grantable(const Principal& caller) const;
    // Unexpired tokens of every business account, for `/metrics` (a counter, not a scan).
    size_t countLive() const;

  private:
    Result<CreatedToken> createFor(const Principal& creator, const domain::User& owner,
                                   domain::TokenOrigin origin, const CreateTokenRequest& request);

    ServiceContext context_;
    const crypto::KeyedHash& keyedHash_;
};

}  // namespace tessera::service
