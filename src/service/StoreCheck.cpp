#include "service/StoreCheck.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "domain/PatRules.h"
#include "domain/TenantScope.h"
#include "service/Directory.h"

namespace tessera::service {

Result<StoreCheckReport> checkStore(store::Store& store, domain::Timestamp now) {
    StoreCheckReport report;
    auto inconsistencies = store.findInconsistencies();
    TESSERA_TRY(inconsistencies);
    report.problems = std::move(*inconsistencies);

    std::int64_t sequence = 0;
    auto all = store.loadAll(sequence);
    TESSERA_TRY(all);
    report.users = all->putUsers.size();
    report.tokens = all->putTokens.size();
    report.sessions = all->putSessions.size();
    auto problem = [&](std::string text) { report.problems.push_back(std::move(text)); };

    absl::flat_hash_map<std::string, const domain::BusinessAccount*> accounts;
    for (const auto& account : all->putBusinessAccounts) {
        accounts[account.name] = &account;
        if (account.patLimit < 0 || account.patLimit > domain::kMaxPatLimit)
            problem("business account " + account.name + ": PAT limit " +
                    std::to_string(account.patLimit) + " is outside 0 to " +
                    std::to_string(domain::kMaxPatLimit) + " (PAT-6)");
    }
    absl::flat_hash_map<std::string, std::string> tenantAccount, roleAccount;
    for (const auto& tenant : all->putTenants)
        tenantAccount[tenant.locator] = tenant.businessAccount;
    for (const auto& role : all->putRoles) roleAccount[role.locator] = role.businessAccount;
    absl::flat_hash_set<std::string> builtInRoles;  // every business account has them, unstored
    for (const auto& role : Directory::builtInRoles()) builtInRoles.insert(role->locator);

    absl::flat_hash_map<std::string, const domain::User*> users;
    for (const auto& user : all->putUsers) {
        users[user.locator] = &user;
        auto label = "user " + user.locator;
        if (!accounts.contains(user.businessAccount))
            problem(label + ": business account " + user.businessAccount + " does not exist");
        for (const auto& role : user.roleLocators) {
            if (builtInRoles.contains(role)) continue;
            auto found = roleAccount.find(role);
            if (found == roleAccount.end() || found->second != user.businessAccount)
                problem(label + ": holds role " + role + ", which its business account lacks");
        }
        for (const auto& entry : user.tenants) {
            auto parsed = domain::parseScopeEntry(entry);
            if (!parsed) {
                problem(label + ": tenant scope entry '" + entry + "' is malformed (SCOPE-1)");
            } else if (parsed->kind == domain::ScopeEntry::Kind::Locator) {
                auto found = tenantAccount.find(parsed->locator);
                if (found == tenantAccount.end() || found->second != user.businessAccount)
                    problem(label + ": scope names tenant " + parsed->locator +
                            ", which its business account lacks");
            }
        }
        if (user.patLimit && (*user.patLimit < 0 || *user.patLimit > domain::kMaxPatLimit))
            problem(label + ": PAT limit " + std::to_string(*user.patLimit) + " is outside 0 to " +
                    std::to_string(domain::kMaxPatLimit) + " (PAT-6)");
    }

    absl::flat_hash_map<std::string, int> liveTokens;
    absl::flat_hash_set<std::string> names;
    for (const auto& token : all->putTokens) {
        if (!users.contains(token.ownerLocator)) {
            problem("token " + token.locator + ": owner " + token.ownerLocator + " does not exist");
            continue;
        }
        if (!names.insert(token.ownerLocator + "/" + token.name).second)
            problem("token " + token.locator + ": its owner has another token of the same name");
        if (!token.isExpired(now)) ++liveTokens[token.ownerLocator];
    }
    for (const auto& [owner, live] : liveTokens) {
        const auto& user = *users.at(owner);
        auto account = accounts.find(user.businessAccount);
        int limit = user.patLimit               ? *user.patLimit
                    : account != accounts.end() ? account->second->patLimit
                                                : domain::kDefaultPatLimit;
        if (live > domain::kMaxPatLimit) {
            problem("user " + owner + ": " + std::to_string(live) +
                    " live tokens, above the hard maximum of " +
                    std::to_string(domain::kMaxPatLimit) + " (PAT-6)");
        } else if (live > limit) {
            report.notes.push_back("user " + owner + ": " + std::to_string(live) +
                                   " live tokens, above its limit of " + std::to_string(limit) +
                                   " (lowered after they were created)");
        }
    }
    for (const auto& session : all->putSessions) {
        auto user = users.find(session.userLocator);
        if (user == users.end())
            problem("session " + session.id + ": user " + session.userLocator + " does not exist");
        else if (user->second->businessAccount != session.businessAccount)
            problem("session " + session.id + ": not of its user's business account");
    }
    return report;
}

}  // namespace tessera::service
