#include "service/TokenDormancy.h"

#include <algorithm>

#include "service/Notifications.h"

namespace tessera::service {
namespace {

using namespace tessera::domain;

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::ranges::find(items, item) != items.end();
}

// The entries of `now` that `before` did not have, in `now`'s order.
std::vector<std::string> added(const std::vector<std::string>& before,
                               const std::vector<std::string>& now) {
    std::vector<std::string> out;
    for (const auto& item : now) {
        if (!contains(before, item)) out.push_back(item);
    }
    return out;
}

// The users whose rights the batch may change: those it puts, and the holders of a role it puts
// or deletes.
std::vector<User> affectedUsers(const Directory& directory, const store::WriteBatch& batch) {
    std::vector<User> out;
    for (const auto& user : batch.putUsers) {
        if (!contains(batch.deleteUsers, user.locator)) out.push_back(user);
    }
    std::vector<std::string> roles;
    std::vector<std::string> accounts;
    for (const auto& role : batch.putRoles) {
        roles.push_back(role.locator);
        accounts.push_back(role.businessAccount);
    }
    for (const auto& locator : batch.deleteRoles) {
        if (auto role = directory.findRole(locator)) {
            roles.push_back(locator);
            accounts.push_back(role->businessAccount);
        }
    }
    std::ranges::sort(accounts);
    accounts.erase(std::ranges::unique(accounts).begin(), accounts.end());
    for (const auto& account : accounts) {
        for (const auto& entry : directory.usersOf(account)) {
            const auto& user = entry->user;
            bool holds = std::ranges::any_of(
                user.roleLocators, [&](const std::string& role) { return contains(roles, role); });
            bool listed =
                std::ranges::any_of(out, [&](const User& u) { return u.locator == user.locator; });
            if (holds && !listed && !contains(batch.deleteUsers, user.locator)) out.push_back(user);
        }
    }
    return out;
}

}  // namespace

std::vector<Notification> dormancyNotifications(const Directory& directory,
                                                const store::WriteBatch& batch) {
    std::vector<Notification> out;
    if (batch.putUsers.empty() && batch.putRoles.empty() && batch.deleteRoles.empty()) return out;
    for (const auto& user : affectedUsers(directory, batch)) {
        auto current = directory.findUser(user.locator);
        if (!current) continue;  // a new user holds no token yet
        auto tokens = directory.tokensOf(user.locator);
        if (tokens.empty()) continue;
        auto after = directory.rightsAfter(user, batch);
        TenantPins pins(directory);
        for (const auto& entry : tokens) {
            const auto& token = entry->token;
            if (contains(batch.deleteTokens, token.locator)) continue;
            auto was = describeEffectiveRights(token.permissions, token.tenants, current->rights,
                                               pins.lookup());
            auto now =
                describeEffectiveRights(token.permissions, token.tenants, after, pins.lookup());
            auto facts = tokenFacts(token, user);
            // Dormant: what it can no longer do; restored: what it can do again.
            struct Change {
                std::string_view type, permissionsName, tenantsName;
                std::vector<std::string> permissions, tenants;
            };
            const Change changes[] = {
                {"token.dormant", "lostPermissions", "lostTenants",
                 added(was.dormantPermissions, now.dormantPermissions),
                 added(was.dormantTenants, now.dormantTenants)},
                {"token.restored", "restoredPermissions", "restoredTenants",
                 added(now.dormantPermissions, was.dormantPermissions),
                 added(now.dormantTenants, was.dormantTenants)},
            };
            for (const auto& change : changes) {
                if (change.permissions.empty() && change.tenants.empty()) continue;
                out.push_back(
                    tokenNotification(change.type, facts,
                                      {{std::string(change.permissionsName), change.permissions},
                                       {std::string(change.tenantsName), change.tenants},
                                       {"dormantPermissions", now.dormantPermissions},
                                       {"dormantTenants", now.dormantTenants}}));
            }
        }
    }
    return out;
}

}  // namespace tessera::service
