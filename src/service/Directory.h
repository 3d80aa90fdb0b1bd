#pragma once

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "domain/Authorizer.h"
#include "domain/BusinessAccount.h"
#include "domain/Catalogue.h"
#include "domain/PersonalAccessToken.h"
#include "domain/Role.h"
#include "domain/Session.h"
#include "domain/SharedStringList.h"
#include "domain/Tenant.h"
#include "domain/User.h"
#include "domain/UserRights.h"
#include "service/ExpiryCount.h"
#include "service/ThreadShard.h"
#include "store/WriteBatch.h"

namespace tessera::service {

// A user with the rights computed from its roles, recomputed whenever a role or the user changes
// (ROLE-5), so that a request never computes them.
struct UserEntry {
    domain::User user;
    domain::UserRights rights;
};

// What tokens were granted, parsed once: every token with the same permissions and tenants
// shares one (a million tokens hold a handful of distinct grants).
struct TokenShape {
    std::string key;  // the Directory's key for it: the grant as text
    domain::SharedStringList permissions;
    domain::SharedStringList tenants;
    domain::TokenGrant grant;
};

// A token with its shared, parsed grant. Usage is the only part that changes, in memory; it is
// flushed to the store in batches (docs/architecture.md).
struct TokenEntry {
    domain::PersonalAccessToken token;  // its permissions and tenants are the shape's lists
    std::shared_ptr<const TokenShape> shape;
    std::atomic<std::int64_t> lastUsedAt{0};  // seconds since the epoch; 0 = never
    std::atomic<bool> usageDirty{false};      // used since the last flush (it is queued once)
    std::atomic<std::size_t> lastIpHash{0};   // of lastUsedIp: a use from it needs no lock
    mutable std::mutex mutex;
    std::string lastUsedIp;  // guarded by mutex
    // What the token can do now (PAT-4), as computed at Directory version `effectiveAt`; any
    // change applied to the Directory makes it stale. Guarded by mutex.
    mutable std::uint64_t effectiveAt = 0;
    mutable std::shared_ptr<const domain::EffectiveRights> effective;

    const domain::TokenGrant& grant() const { return shape->grant; }
    // True when this use made the token dirty: it must then be queued for the next flush.
    bool recordUse(domain::Timestamp at, std::string_view ip);
    std::string lastIp() const;
};

struct DigestHash {
    size_t operator()(const domain::SecretDigest& digest) const {
        size_t value;
        static_assert(sizeof value <= sizeof digest);
        std::memcpy(&value, digest.data(), sizeof value);  // already uniformly distributed
        return value;
    }
};

// The in-memory view of everything the hot path needs (docs/architecture.md). Readers hold their
// own thread's shard of the lock only while they look; writers apply a committed WriteBatch under
// every shard.
class Directory {
  public:
    explicit Directory(domain::Catalogue catalogue);

    void apply(const store::WriteBatch& batch);
    // Counts the batches applied (from 1): whatever was derived at one version may be stale at
    // the next.
    std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

    const domain::Catalogue& catalogue() const { return catalogue_; }

    std::shared_ptr<const domain::BusinessAccount> findBusinessAccount(std::string_view name) const;
    std::shared_ptr<const domain::Tenant> findTenant(std::string_view locator) const;
    std::shared_ptr<const domain::Role> findRole(std::string_view locator) const;
    std::shared_ptr<const domain::Role> findRoleByName(std::string_view businessAccount,
                                                       std::string_view name) const;
    std::shared_ptr<const UserEntry> findUser(std::string_view locator) const;
    std::shared_ptr<const UserEntry> findUserByName(std::string_view businessAccount,
                                                    std::string_view userName) const;
    std::shared_ptr<TokenEntry> findTokenByHash(const domain::SecretDigest& hash) const;
    std::shared_ptr<TokenEntry> findToken(std::string_view locator) const;
    std::shared_ptr<const domain::Session> findSession(std::string_view id) const;
    std::shared_ptr<const domain::Session> findSessionByRefresh(
        const domain::SecretDigest& hash) const;
    // The session that once issued this (since rotated) refresh token.
    std::shared_ptr<const domain::Session> findSessionByRetiredRefresh(
        const domain::SecretDigest& hash) const;

    std::vector<std::shared_ptr<const domain::Tenant>> tenantsOf(
        std::string_view businessAccount) const;
    std::vector<std::shared_ptr<const domain::Role>> rolesOf(
        std::string_view businessAccount) const;
    std::vector<std::shared_ptr<const UserEntry>> usersOf(std::string_view businessAccount) const;
    std::vector<std::shared_ptr<TokenEntry>> tokensOf(std::string_view ownerLocator) const;
    std::vector<std::shared_ptr<const domain::Session>> sessionsOf(
        std::string_view userLocator) const;
    std::vector<std::shared_ptr<const domain::Session>> expiredSessions(
        domain::Timestamp now) const;
    // Records a use of the token in memory (the hot path) and queues it for the next flush the
    // first time it is used since the last one.
    void recordTokenUse(const std::shared_ptr<TokenEntry>& token, domain::Timestamp at,
                        std::string_view ip) const;
    // The tokens used since the last call (each once), for TokenUseFlusher; `requeue` gives back
    // those it could not write.
    std::vector<std::shared_ptr<TokenEntry>> takeUsedTokens() const;
    void requeueUsedTokens(std::vector<std::shared_ptr<TokenEntry>> tokens) const;
    size_t countLiveTokens(domain::Timestamp now) const;
    // The rights `user` would hold once `batch` is applied: its roles as the batch leaves them
    // (AUD-2 compares them with the current rights to tell which tokens go dormant).
    domain::UserRights rightsAfter(const domain::User& user, const store::WriteBatch& batch) const;
    // Sizes the token indexes for that many more (start-up, before the tokens are applied).
    void reserveTokens(std::size_t more);
    // Distinct grants held: each goes with its last token.
    std::size_t tokenShapeCount() const;
    // PAT-6: the user's own limit, else its business account's, never above the maximum.
    int patLimitOf(const domain::User& user) const;
    std::vector<std::string> businessAccountNames() const;

    // The built-in roles (ROLE-3), shared by every business account.
    static const std::vector<std::shared_ptr<const domain::Role>>& builtInRoles();

  private:
    std::shared_ptr<const TokenShape> shapeLocked(const domain::PersonalAccessToken& token);
    void recomputeRights(const absl::flat_hash_set<std::string>& userLocators);
    void removeUserLocked(const std::string& locator);
    void removeTokenLocked(const std::string& locator);
    void removeSessionLocked(const std::string& id);

    domain::Catalogue catalogue_;
    domain::PermissionSet readOnly_;

    mutable ShardedSharedMutex mutex_;
    std::atomic<std::uint64_t> version_{1};
    absl::flat_hash_map<std::string, std::shared_ptr<const domain::BusinessAccount>>
        businessAccounts_;
    absl::flat_hash_map<std::string, std::shared_ptr<const domain::Tenant>> tenants_;
    absl::flat_hash_map<std::string, std::shared_ptr<const domain::Role>> roles_;
    absl::flat_hash_map<std::string, std::shared_ptr<const UserEntry>> users_;
    absl::flat_hash_map<std::string, std::string> userByName_;  // ba '\n' lower(name) -> locator
    absl::flat_hash_map<std::string, std::shared_ptr<TokenEntry>> tokens_;
    absl::flat_hash_map<domain::SecretDigest, std::shared_ptr<TokenEntry>, DigestHash>
        tokensByHash_;
    absl::flat_hash_map<std::string, std::vector<std::shared_ptr<TokenEntry>>> tokensByOwner_;
    // Grants by their text (permissions, then tenants); a shape goes with its last token.
    struct HeldShape {
        std::shared_ptr<const TokenShape> shape;
        std::size_t tokens = 0;  // in this Directory
    };
    absl::flat_hash_map<std::string, HeldShape> tokenShapes_;
    // Expiry times of the tokens that have one; its cursor moves under expiryMutex_ (readers).
    mutable ExpiryCount tokenExpiries_;
    mutable std::mutex expiryMutex_;
    // Tokens used since the last flush, queued per thread shard (so that I/O threads never
    // share a queue), each token once.
    struct alignas(kCacheLine) UsedTokens {
        std::mutex mutex;
        std::vector<std::shared_ptr<TokenEntry>> tokens;
    };
    mutable UsedTokens usedTokens_[kThreadShards];
    absl::flat_hash_map<std::string, std::shared_ptr<const domain::Session>> sessions_;
    absl::flat_hash_map<std::string, std::vector<std::string>> sessionsByUser_;  // -> ids
    std::set<std::pair<domain::Timestamp, std::string>> sessionsByExpiry_;  // refresh expiry, id
    absl::flat_hash_map<domain::SecretDigest, std::string, DigestHash> sessionsByRefresh_;
    absl::flat_hash_map<domain::SecretDigest, std::string, DigestHash> sessionsByRetiredRefresh_;
};

}  // namespace tessera::service

namespace tessera::service {

// Resolves tenant locators for domain rules while keeping each found tenant alive for as long as
// the rule runs, even if a writer replaces it meanwhile.
class TenantPins {
  public:
    explicit TenantPins(const Directory& directory) : directory_(directory) {}
    const domain::Tenant* operator()(std::string_view locator) {
        auto tenant = directory_.findTenant(locator);
        pins_.push_back(tenant);
        return tenant.get();
    }
    domain::TenantLookup lookup() {
        return [this](std::string_view locator) { return (*this)(locator); };
    }

  private:
    const Directory& directory_;
    std::vector<std::shared_ptr<const domain::Tenant>> pins_;
};

}  // namespace tessera::service
