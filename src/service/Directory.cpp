#include "service/Directory.h"

#include "domain/HashKey.h"
#include "domain/PatRules.h"

#include <algorithm>
#include <iterator>

namespace tessera::service {
namespace {

using namespace tessera::domain;

std::string nameKey(std::string_view businessAccount, std::string_view userName) {
    std::string key(businessAccount);
    key += '\n';
    key += lowerCase(userName);
    return key;
}

std::shared_ptr<const Role> makeBuiltIn(std::string_view locator, std::string_view name,
                                        std::string_view description) {
    auto role = std::make_shared<Role>();
    role->locator = locator;
    role->name = name;
    role->description = description;
    role->builtIn = true;
    role->createdBy = "00000000-0000-0000-0000-000000000000";
    return role;
}

TokenGrant parseGrant(const PersonalAccessToken& token) {
    TokenGrant grant;
    for (const auto& text : token.permissions) {
        if (auto pattern = parsePermissionPattern(text)) grant.permissions.add(*pattern);
    }
    for (const auto& text : token.tenants) {
        if (auto entry = parseScopeEntry(text)) grant.scope.add(*entry);
    }
    return grant;
}

// The grant as text: each permission and tenant ends with a byte no entry may hold (they are
// validated when the token is created; a stored one is only ever compared here).
std::string shapeKey(const PersonalAccessToken& token) {
    std::string key;
    for (const auto& permission : token.permissions) (key += permission) += '\x1f';
    key += '\x1e';
    for (const auto& tenant : token.tenants) (key += tenant) += '\x1f';
    return key;
}

template <class Item>
void eraseOne(std::vector<Item>& items, const auto& matches) {
    if (auto it = std::ranges::find_if(items, matches); it != items.end()) {
        *it = std::move(items.back());
        items.pop_back();
    }
}

template <class Map>
auto findIn(const Map& map, std::string_view key) -> typename Map::mapped_type {
    auto it = map.find(hashKey(key));
    return it == map.end() ? nullptr : it->second;
}

template <class Map>
auto findLocked(ShardedSharedMutex& mutex, const Map& map, std::string_view key) {
    std::shared_lock lock(mutex);
    return findIn(map, key);
}

// The values of `map` that `keep` accepts, copied under a shared lock and sorted once it is
// released, in the order `before` gives.
template <class Map, class Keep, class Before>
auto selectSorted(ShardedSharedMutex& mutex, const Map& map, Keep keep, Before before) {
    std::vector<std::shared_ptr<const typename Map::mapped_type::element_type>> out;
    {
        std::shared_lock lock(mutex);
        for (const auto& [key, value] : map) {
            if (keep(*value)) out.push_back(value);
        }
    }
    std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return before(*a, *b); });
    return out;
}

// Creation order, the locator breaking ties: the order lists are shown in.
template <class Value>
bool createdBefore(const Value& a, const Value& b) {
    return std::tie(a.createdAt, a.locator) < std::tie(b.createdAt, b.locator);
}

}  // namespace

bool TokenEntry::recordUse(Timestamp at, std::string_view ip) {
    auto seconds = at.time_since_epoch().count();
    auto ipHash = std::hash<std::string_view>{}(ip);
    // Most requests repeat the last second and address: skip the lock and the store write then.
    // A use from another address in the same second is recorded (PAT-1: the last address).
    if (lastUsedAt.load(std::memory_order_relaxed) == seconds &&
        lastIpHash.load(std::memory_order_relaxed) == ipHash) {
        return false;
    }
    lastUsedAt.store(seconds, std::memory_order_relaxed);
    {
        std::lock_guard lock(mutex);
        if (lastUsedIp != ip) lastUsedIp.assign(ip);
        lastIpHash.store(ipHash, std::memory_order_relaxed);
    }
    // Release: the flusher that takes the flag back (acquire) sees this use's time.
    return !usageDirty.exchange(true, std::memory_order_acq_rel);
}

std::string TokenEntry::lastIp() const {
    std::lock_guard lock(mutex);
    return lastUsedIp;
}

Directory::Directory(Catalogue catalogue)
    : catalogue_(std::move(catalogue)), readOnly_(catalogue_.readOnlyPermissions()) {
    for (const auto& role : builtInRoles()) roles_[role->locator] = role;
}

const std::vector<std::shared_ptr<const Role>>& Directory::builtInRoles() {
    static const std::vector<std::shared_ptr<const Role>> roles = {
        makeBuiltIn(kAdminRoleLocator, kAdminRoleName,
                    "Every permission on every live tenant of the business account"),
        makeBuiltIn(kReadOnlyRoleLocator, kReadOnlyRoleName,
                    "Every read and list permission of the catalogue"),
    };
    return roles;
}

void Directory::apply(const store::WriteBatch& batch) {
    std::unique_lock lock(mutex_);
    absl::flat_hash_set<std::string> affectedUsers;
    absl::flat_hash_set<std::string> affectedAccounts;

    for (const auto& account : batch.putBusinessAccounts) {
        businessAccounts_[account.name] = std::make_shared<BusinessAccount>(account);
    }
    for (const auto& tenant : batch.putTenants) {
        tenants_[tenant.locator] = std::make_shared<Tenant>(tenant);
    }
    for (const auto& role : batch.putRoles) {
        roles_[role.locator] = std::make_shared<Role>(role);
        affectedAccounts.insert(role.businessAccount);
    }
    for (const auto& locator : batch.deleteRoles) {
        if (auto it = roles_.find(locator); it != roles_.end() && !it->second->builtIn) {
            affectedAccounts.insert(it->second->businessAccount);
            roles_.erase(it);
        }
    }
    for (const auto& locator : batch.deleteUsers) removeUserLocked(locator);
    for (const auto& user : batch.putUsers) {
        if (auto previous = findIn(users_, user.locator)) {
            userByName_.erase(nameKey(previous->user.businessAccount, previous->user.userName));
        }
        auto entry = std::make_shared<UserEntry>();
        entry->user = user;
        users_[user.locator] = entry;
        userByName_[nameKey(user.businessAccount, user.userName)] = user.locator;
        affectedUsers.insert(user.locator);
    }
    for (const auto& touch : batch.sessionTouches) {
        auto current = findIn(users_, touch.userLocator);
        if (!current) continue;
        // Rights are unchanged: the entry is copied with its new session times only.
        auto entry = std::make_shared<UserEntry>(*current);
        if (touch.startedAt) entry->user.credentials.lastSessionStartAt = touch.startedAt;
        entry->user.credentials.lastSessionAccessAt = touch.accessedAt;
        users_[touch.userLocator] = std::move(entry);
    }
    for (const auto& locator : batch.deleteTokens) removeTokenLocked(locator);
    for (const auto& token : batch.putTokens) {
        removeTokenLocked(token.locator);
        auto entry = std::make_shared<TokenEntry>();
        entry->shape = shapeLocked(token);
        entry->token = token;
        entry->token.permissions = entry->shape->permissions;
        entry->token.tenants = entry->shape->tenants;
        if (token.lastUsedAt) entry->lastUsedAt = token.lastUsedAt->time_since_epoch().count();
        entry->lastUsedIp = token.lastUsedIp;
        entry->token.lastUsedIp.clear();  // held once, in the entry
        if (token.expiresAt) tokenExpiries_.add(*token.expiresAt);
        tokens_[token.locator] = entry;
        tokensByHash_[token.secretHash] = entry;
        tokensByOwner_[token.ownerLocator].push_back(std::move(entry));
    }
    for (const auto& id : batch.deleteSessions) removeSessionLocked(id);
    for (const auto& session : batch.putSessions) {
        removeSessionLocked(session.id);
        sessions_[session.id] = std::make_shared<Session>(session);
        sessionsByUser_[session.userLocator].push_back(session.id);
        sessionsByExpiry_.emplace(session.refreshExpiresAt, session.id);
        sessionsByRefresh_[session.refreshHash] = session.id;
        for (const auto& retired : session.retiredRefreshHashes)
            sessionsByRetiredRefresh_[retired] = session.id;
    }

    if (!affectedAccounts.empty()) {
        for (const auto& [locator, entry] : users_) {
            if (affectedAccounts.contains(entry->user.businessAccount))
                affectedUsers.insert(locator);
        }
    }
    recomputeRights(affectedUsers);
    version_.fetch_add(1, std::memory_order_acq_rel);
}

domain::UserRights Directory::rightsAfter(const domain::User& user,
                                          const store::WriteBatch& batch) const {
    std::shared_lock lock(mutex_);
    std::vector<const Role*> roles;
    for (const auto& roleLocator : user.roleLocators) {
        if (std::ranges::find(batch.deleteRoles, roleLocator) != batch.deleteRoles.end()) continue;
        const Role* role = nullptr;
        auto put = std::ranges::find(batch.putRoles, roleLocator, &Role::locator);
        if (put != batch.putRoles.end()) {
            role = &*put;
        } else if (auto held = roles_.find(roleLocator); held != roles_.end()) {
            role = held->second.get();
        }
        if (!role || (!role->builtIn && role->businessAccount != user.businessAccount)) continue;
        roles.push_back(role);
    }
    return computeUserRights(user, roles, readOnly_);
}

void Directory::recomputeRights(const absl::flat_hash_set<std::string>& userLocators) {
    for (const auto& locator : userLocators) {
        auto it = users_.find(locator);
        if (it == users_.end()) continue;
        std::vector<const Role*> roles;
        for (const auto& roleLocator : it->second->user.roleLocators) {
            auto role = roles_.find(roleLocator);
            if (role == roles_.end()) continue;
            if (!role->second->builtIn &&
                role->second->businessAccount != it->second->user.businessAccount) {
                continue;  // BA-1: nothing crosses business accounts
            }
            roles.push_back(role->second.get());
        }
        auto entry = std::make_shared<UserEntry>();
        entry->user = it->second->user;
        entry->rights = computeUserRights(entry->user, roles, readOnly_);
        it->second = std::move(entry);
    }
}

void Directory::removeUserLocked(const std::string& locator) {
    auto it = users_.find(locator);
    if (it == users_.end()) return;
    userByName_.erase(nameKey(it->second->user.businessAccount, it->second->user.userName));
    users_.erase(it);
    // USR-1: deleting a user deletes its tokens and ends its sessions.
    if (auto owned = tokensByOwner_.find(locator); owned != tokensByOwner_.end()) {
        std::vector<std::string> locators;
        for (const auto& token : owned->second) locators.push_back(token->token.locator);
        for (const auto& token : locators) removeTokenLocked(token);
    }
    if (auto sessions = sessionsByUser_.find(locator); sessions != sessionsByUser_.end()) {
        auto ids = sessions->second;
        for (const auto& id : ids) removeSessionLocked(id);
    }
}

std::shared_ptr<const TokenShape> Directory::shapeLocked(const PersonalAccessToken& token) {
    auto key = shapeKey(token);
    auto& held = tokenShapes_[key];
    if (!held.shape) {
        auto made = std::make_shared<TokenShape>();
        made->key = std::move(key);
        made->permissions = token.permissions;
        made->tenants = token.tenants;
        made->grant = parseGrant(token);
        held.shape = std::move(made);
    }
    ++held.tokens;
    return held.shape;
}

void Directory::removeTokenLocked(const std::string& locator) {
    auto it = tokens_.find(locator);
    if (it == tokens_.end()) return;
    const auto& entry = it->second;
    tokensByHash_.erase(entry->token.secretHash);
    if (auto owned = tokensByOwner_.find(entry->token.ownerLocator);
        owned != tokensByOwner_.end()) {
        eraseOne(owned->second, [&](const auto& token) { return token == entry; });
        if (owned->second.empty()) tokensByOwner_.erase(owned);
    }
    if (entry->token.expiresAt) tokenExpiries_.remove(*entry->token.expiresAt);
    // The grant goes with its last token in the Directory (an entry a request or the flush
    // queue still holds keeps its own reference to the shape).
    if (auto held = tokenShapes_.find(entry->shape->key);
        held != tokenShapes_.end() && --held->second.tokens == 0)
        tokenShapes_.erase(held);
    tokens_.erase(it);
}

void Directory::removeSessionLocked(const std::string& id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    const auto& session = *it->second;
    sessionsByRefresh_.erase(session.refreshHash);
    for (const auto& retired : session.retiredRefreshHashes)
        sessionsByRetiredRefresh_.erase(retired);
    if (auto owned = sessionsByUser_.find(session.userLocator); owned != sessionsByUser_.end()) {
        eraseOne(owned->second, [&](const std::string& other) { return other == id; });
        if (owned->second.empty()) sessionsByUser_.erase(owned);
    }
    sessionsByExpiry_.erase({session.refreshExpiresAt, id});
    sessions_.erase(it);
}

std::shared_ptr<const BusinessAccount> Directory::findBusinessAccount(std::string_view name) const {
    return findLocked(mutex_, businessAccounts_, name);
}

std::shared_ptr<const Tenant> Directory::findTenant(std::string_view locator) const {
    return findLocked(mutex_, tenants_, locator);
}

std::shared_ptr<const Role> Directory::findRole(std::string_view locator) const {
    return findLocked(mutex_, roles_, locator);
}

std::shared_ptr<const Role> Directory::findRoleByName(std::string_view businessAccount,
                                                      std::string_view name) const {
    std::shared_lock lock(mutex_);
    for (const auto& [locator, role] : roles_) {
        if (role->name == name && (role->builtIn || role->businessAccount == businessAccount))
            return role;
    }
    return nullptr;
}

std::shared_ptr<const UserEntry> Directory::findUser(std::string_view locator) const {
    return findLocked(mutex_, users_, locator);
}

std::shared_ptr<const UserEntry> Directory::findUserByName(std::string_view businessAccount,
                                                           std::string_view userName) const {
    std::shared_lock lock(mutex_);
    auto it = userByName_.find(nameKey(businessAccount, userName));
    return it == userByName_.end() ? nullptr : findIn(users_, it->second);
}

std::shared_ptr<TokenEntry> Directory::findTokenByHash(const SecretDigest& hash) const {
    std::shared_lock lock(mutex_);
    auto it = tokensByHash_.find(hash);
    return it == tokensByHash_.end() ? nullptr : it->second;
}

std::shared_ptr<TokenEntry> Directory::findToken(std::string_view locator) const {
    return findLocked(mutex_, tokens_, locator);
}

std::shared_ptr<const Session> Directory::findSession(std::string_view id) const {
    return findLocked(mutex_, sessions_, id);
}

std::shared_ptr<const Session> Directory::findSessionByRefresh(const SecretDigest& hash) const {
    std::shared_lock lock(mutex_);
    auto it = sessionsByRefresh_.find(hash);
    return it == sessionsByRefresh_.end() ? nullptr : findIn(sessions_, it->second);
}

std::shared_ptr<const Session> Directory::findSessionByRetiredRefresh(
    const SecretDigest& hash) const {
    std::shared_lock lock(mutex_);
    auto it = sessionsByRetiredRefresh_.find(hash);
    return it == sessionsByRetiredRefresh_.end() ? nullptr : findIn(sessions_, it->second);
}

std::vector<std::shared_ptr<const Tenant>> Directory::tenantsOf(
    std::string_view businessAccount) const {
    return selectSorted(
        mutex_, tenants_,
        [&](const Tenant& tenant) { return tenant.businessAccount == businessAccount; },
        createdBefore<Tenant>);
}

std::vector<std::shared_ptr<const Role>> Directory::rolesOf(
    std::string_view businessAccount) const {
    return selectSorted(
        mutex_, roles_,
        [&](const Role& role) { return role.builtIn || role.businessAccount == businessAccount; },
        [](const Role& a, const Role& b) { return a.locator < b.locator; });
}

std::vector<std::shared_ptr<const UserEntry>> Directory::usersOf(
    std::string_view businessAccount) const {
    return selectSorted(
        mutex_, users_,
        [&](const UserEntry& entry) { return entry.user.businessAccount == businessAccount; },
        [](const UserEntry& a, const UserEntry& b) { return createdBefore(a.user, b.user); });
}

std::vector<std::shared_ptr<TokenEntry>> Directory::tokensOf(std::string_view ownerLocator) const {
    std::vector<std::shared_ptr<TokenEntry>> out;
    {
        std::shared_lock lock(mutex_);
        auto owned = tokensByOwner_.find(hashKey(ownerLocator));
        if (owned == tokensByOwner_.end()) return out;
        out = owned->second;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a->token.createdAt, a->token.locator) <
               std::tie(b->token.createdAt, b->token.locator);
    });
    return out;
}

std::vector<std::shared_ptr<const Session>> Directory::sessionsOf(
    std::string_view userLocator) const {
    std::vector<std::shared_ptr<const Session>> out;
    std::shared_lock lock(mutex_);
    auto owned = sessionsByUser_.find(hashKey(userLocator));
    if (owned == sessionsByUser_.end()) return out;
    for (const auto& id : owned->second) {
        if (auto session = findIn(sessions_, id)) out.push_back(std::move(session));
    }
    return out;
}

std::vector<std::shared_ptr<const Session>> Directory::expiredSessions(Timestamp now) const {
    std::vector<std::shared_ptr<const Session>> out;
    std::shared_lock lock(mutex_);
    for (const auto& [expiry, id] : sessionsByExpiry_) {
        if (expiry > now) break;
        if (auto session = findIn(sessions_, id)) out.push_back(std::move(session));
    }
    return out;
}

int Directory::patLimitOf(const User& user) const {
    if (user.patLimit) return std::min(*user.patLimit, kMaxPatLimit);
    auto account = findBusinessAccount(user.businessAccount);
    return account ? std::min(account->patLimit, kMaxPatLimit) : kDefaultPatLimit;
}

void Directory::reserveTokens(std::size_t more) {
    std::unique_lock lock(mutex_);
    tokens_.reserve(tokens_.size() + more);
    tokensByHash_.reserve(tokensByHash_.size() + more);
}

std::size_t Directory::tokenShapeCount() const {
    std::shared_lock lock(mutex_);
    return tokenShapes_.size();
}

size_t Directory::countLiveTokens(Timestamp now) const {
    std::shared_lock lock(mutex_);
    std::lock_guard expiries(expiryMutex_);
    return tokens_.size() - tokenExpiries_.passedAt(now);
}

void Directory::recordTokenUse(const std::shared_ptr<TokenEntry>& token, Timestamp at,
                               std::string_view ip) const {
    if (!token->recordUse(at, ip)) return;
    auto& queue = usedTokens_[threadShard()];
    std::lock_guard lock(queue.mutex);
    queue.tokens.push_back(token);
}

std::vector<std::shared_ptr<TokenEntry>> Directory::takeUsedTokens() const {
    std::vector<std::shared_ptr<TokenEntry>> out;
    for (auto& queue : usedTokens_) {
        std::vector<std::shared_ptr<TokenEntry>> taken;
        {
            std::lock_guard lock(queue.mutex);
            taken.swap(queue.tokens);
        }
        std::ranges::move(taken, std::back_inserter(out));
    }
    return out;
}

void Directory::requeueUsedTokens(std::vector<std::shared_ptr<TokenEntry>> tokens) const {
    auto& queue = usedTokens_[0];
    std::lock_guard lock(queue.mutex);
    std::ranges::move(tokens, std::back_inserter(queue.tokens));
}

std::vector<std::string> Directory::businessAccountNames() const {
    std::vector<std::string> out;
    std::shared_lock lock(mutex_);
    for (const auto& [name, account] : businessAccounts_) out.push_back(name);
    return out;
}

}  // namespace tessera::service
