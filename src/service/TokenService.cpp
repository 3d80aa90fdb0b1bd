#include "service/TokenService.h"

#include "crypto/Ids.h"
#include "crypto/PatFormat.h"
#include "domain/PatRules.h"
#include "domain/TokenPolicy.h"
#include "service/AccessPolicy.h"
#include "service/AuditScope.h"
#include "service/BusinessAccountChange.h"
#include "service/GrantChecks.h"
#include "service/Notifications.h"

namespace tessera::service {

using namespace tessera::domain;

GrantableChoices TokenService::grantable(const Principal& caller) const {
    GrantableChoices choices;
    auto permissionGrantable = [&](std::string_view text) {
        auto pattern = domain::parsePermissionPattern(text);
        return pattern && checkPermissionsGrantable(caller, {*pattern}).has_value();
    };
    for (const auto& name : context_.directory.catalogue().sortedNames()) {
        std::string_view group, action;
        if (!domain::splitPermission(name, group, action) || !permissionGrantable(name)) continue;
        if (choices.permissions.empty() || choices.permissions.back().name != group) {
            std::string wildcard = std::string(group) + ".*";
            choices.permissions.push_back({std::string(group), permissionGrantable(wildcard), {}});
        }
        choices.permissions.back().actions.emplace_back(action);
    }
    auto scopeGrantable = [&](std::string_view text) {
        auto entry = domain::parseScopeEntry(text);
        return entry && checkScopeGrantable(caller, context_.directory, {*entry}).has_value();
    };
    for (std::string_view entry : {"any", "type:test", "type:production"}) {
        if (scopeGrantable(entry)) choices.tenants.push_back({std::string(entry), nullptr});
    }
    for (auto& tenant : context_.directory.tenantsOf(caller.businessAccount())) {
        if (reaches(caller, *tenant) && scopeGrantable(tenant->locator))
            choices.tenants.push_back({tenant->locator, std::move(tenant)});
    }
    choices.limit = limitFor(caller.account());
    return choices;
}

size_t TokenService::countLive() const {
    return context_.directory.countLiveTokens(context_.clock.now());
}

int TokenService::limitFor(const User& user) const {
    return context_.directory.patLimitOf(user);
}

Result<CreatedToken> TokenService::create(const Principal& creator,
                                          const CreateTokenRequest& request) {
    bool viaToken = creator.method == AuthMethod::Pat;
    return createFor(creator, creator.account(),
                     viaToken ? TokenOrigin::Token : TokenOrigin::Session, request);
}

Result<CreatedToken> TokenService::mintForServiceAccount(const Principal& creator,
                                                         std::string_view ownerLocator,
                                                         const CreateTokenRequest& request) {
    // PAT-11: admins only (the route is an admin route); the owner must be a service account of
    // the same business account.
    auto owner = context_.directory.findUser(ownerLocator);
    if (!owner || owner->user.businessAccount != creator.businessAccount()) {
        return fail(ErrorCode::NotFound, "no such user");
    }
    if (!owner->user.serviceAccount) {
        return fail(ErrorCode::InvalidRequest,
                    "tokens can be minted only for service accounts (serviceAccount: true); people "
                    "create their own tokens");
    }
    return createFor(creator, owner->user, TokenOrigin::AdminMint, request);
}

Result<CreatedToken> TokenService::createFor(const Principal& creator, const User& owner,
                                             TokenOrigin origin,
                                             const CreateTokenRequest& request) {
    TESSERA_TRY(validateTokenName(request.name));
    if (request.permissions.empty()) {
        return fail(ErrorCode::InvalidRequest, "permissions must name at least one permission");
    }
    auto patterns = context_.directory.catalogue().validate(request.permissions);
    TESSERA_TRY(patterns);

    auto scope = resolveScope(context_.directory, owner.businessAccount, request.tenants);
    TESSERA_TRY(scope);
    // PAT-2 and PAT-3: within the creator's current rights, and the calling token's when a token
    // creates a token.
    TESSERA_TRY(checkPermissionsGrantable(creator, *patterns));
    TESSERA_TRY(checkScopeGrantable(creator, context_.directory, *scope));

    auto now = context_.clock.now();
    bool viaToken = creator.method == AuthMethod::Pat;
    TESSERA_TRY(validateTokenExpiry(request.expiresAt, now, viaToken,
                                    viaToken ? creator.token->token.expiresAt : std::nullopt));
    if (auto account = context_.directory.findBusinessAccount(owner.businessAccount)) {
        TESSERA_TRY(checkTokenPolicy(account->tokenPolicy, request.expiresAt, now));
    }
    auto networks = parseIpNetworks(request.allowedNetworks);
    TESSERA_TRY(networks);
    // PAT-12 with PAT-3: a token made with a token is used from no network its parent is not.
    if (viaToken) networks = narrowNetworks(*networks, creator.token->token.allowedNetworks);
    TESSERA_TRY(networks);

    CreatedToken created;
    created.value = crypto::generatePatValue(context_.random);
    PersonalAccessToken token;
    token.locator = crypto::newUlid(context_.random, std::chrono::system_clock::now());
    token.ownerLocator = owner.locator;
    token.name = request.name;
    token.permissions = request.permissions;
    token.tenants = request.tenants;
    token.createdAt = now;
    token.expiresAt = request.expiresAt;
    token.origin = origin;
    token.secretHash = keyedHash_(created.value);
    token.allowedNetworks = std::move(*networks);

    int limit = limitFor(owner);
    auto written = context_.writer.write(
        [&]() -> Result<store::WriteBatch> {
            for (const auto& existing : context_.directory.tokensOf(owner.locator)) {
                if (existing->token.name == request.name) {
                    return fail(ErrorCode::Conflict,
                                owner.userName + " already has a token named '" + request.name +
                                    "'; token names are unique per user");
                }
            }
            store::WriteBatch batch;
            batch.tokenLimit = store::TokenLimitCheck{owner.locator, limit, now};
            batch.putTokens.push_back(token);
            batch.events.push_back(auditEvent(
                "auth.token.create", owner.businessAccount,
                {{"tokenLocator", token.locator},
                 {"tokenName", token.name},
                 {"owner", owner.locator},
                 {"ownerName", owner.userName},
                 {"origin", std::string(nameOf(origin))},
                 {"expiresAt", token.expiresAt ? formatTimestamp(*token.expiresAt) : "never"},
                 {"allowedNetworks", auditList(networkTexts(token.allowedNetworks))}}));
            // AUD-2: a service account's tokens serve integrations; their owners are told.
            if (owner.serviceAccount)
                batch.notifications.push_back(
                    tokenNotification("token.created", tokenFacts(token, owner)));
            return batch;
        },
        // The store checks the name (UNIQUE per owner) and the limit again in the transaction.
        Writer::Sharing::MayShareCommit);
    if (!written) {
        if (written.error().code == ErrorCode::PatLimitReached) {
            return fail(
                ErrorCode::PatLimitReached,
                owner.userName + " already holds " + std::to_string(limit) +
                    " live personal access tokens, the limit for this account (" +
                    std::to_string(limit) +
                    "). Delete a token no longer needed, or ask an operator to raise the limit "
                    "with `tessera admin set-pat-limit` (at most " +
                    std::to_string(kMaxPatLimit) + ").");
        }
        return std::unexpected(written.error());
    }
    created.entry = context_.directory.findToken(token.locator);
    return created;
}

std::vector<std::shared_ptr<TokenEntry>> TokenService::list(std::string_view ownerLocator) const {
    return context_.directory.tokensOf(ownerLocator);
}

Result<std::shared_ptr<TokenEntry>> TokenService::find(std::string_view ownerLocator,
                                                       std::string_view tokenOrName) const {
    std::shared_ptr<TokenEntry> token;
    if (crypto::hasPatFormat(tokenOrName)) {
        token = context_.directory.findTokenByHash(keyedHash_(tokenOrName));
        if (token && token->token.ownerLocator != ownerLocator) token = nullptr;
    } else {
        for (auto& candidate : context_.directory.tokensOf(ownerLocator)) {
            if (candidate->token.name == tokenOrName) token = candidate;
        }
    }
    if (!token) return fail(ErrorCode::NotFound, "no such token");
    return token;
}

Result<void> TokenService::remove(std::string_view ownerLocator, std::string_view tokenOrName) {
    return context_.writer.write(
        [&]() -> Result<store::WriteBatch> {
            auto token = find(ownerLocator, tokenOrName);
            TESSERA_TRY(token);
            store::WriteBatch batch;
            const auto& removed = (*token)->token;
            batch.deleteTokens.push_back(removed.locator);
            auto owner = context_.directory.findUser(removed.ownerLocator);
            batch.events.push_back(auditEvent("auth.token.delete",
                                              owner ? owner->user.businessAccount : "",
                                              {{"tokenLocator", removed.locator},
                                               {"tokenName", removed.name},
                                               {"owner", removed.ownerLocator}}));
            if (owner && owner->user.serviceAccount)
                batch.notifications.push_back(
                    tokenNotification("token.deleted", tokenFacts(removed, owner->user)));
            return batch;
        },
        // The store refuses to delete a token that is already gone.
        Writer::Sharing::MayShareCommit);
}

Result<size_t> TokenService::revokeLeaked(const std::vector<std::string>& values) {
    std::vector<std::shared_ptr<TokenEntry>> found;
    for (const auto& value : values) {
        if (!crypto::hasPatFormat(value)) continue;
        if (auto token = context_.directory.findTokenByHash(keyedHash_(value)))
            found.push_back(std::move(token));
    }
    if (found.empty()) return size_t{0};
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        for (const auto& token : found) {
            if (!context_.directory.findToken(token->token.locator)) continue;
            batch.deleteTokens.push_back(token->token.locator);
            auto owner = context_.directory.findUser(token->token.ownerLocator);
            // The owner is named so that they can be told (the value never is).
            batch.events.push_back(auditEvent("auth.token.leaked",
                                              owner ? owner->user.businessAccount : "",
                                              {{"tokenLocator", token->token.locator},
                                               {"tokenName", token->token.name},
                                               {"owner", token->token.ownerLocator},
                                               {"ownerName", owner ? owner->user.userName : ""}}));
            if (owner)
                batch.notifications.push_back(
                    tokenNotification("token.leaked", tokenFacts(token->token, owner->user)));
        }
        return batch;
    });
    TESSERA_TRY(written);
    return found.size();
}

TokenPolicy TokenService::policy(const Principal& caller) const {
    auto account = context_.directory.findBusinessAccount(caller.businessAccount());
    return account ? account->tokenPolicy : TokenPolicy{};
}

Result<void> TokenService::updatePolicy(const Principal& caller, const TokenPolicy& policy) {
    if (auto valid = validateTokenPolicy(policy); !valid) return valid;
    return changeBusinessAccount(
        context_.writer, context_.directory, caller.businessAccount(),
        [&](BusinessAccount& account) { account.tokenPolicy = policy; },
        auditEvent("auth.policy.token.update", "",
                   {{"requireExpiry", policy.requireExpiry ? "true" : "false"},
                    {"maxLifetimeDays",
                     policy.maxLifetimeDays ? std::to_string(*policy.maxLifetimeDays) : "none"}}));
}

std::shared_ptr<const EffectiveRights> TokenService::effectiveRights(
    const TokenEntry& token) const {
    // Read before computing: a change applied meanwhile leaves the result marked stale.
    auto version = context_.directory.version();
    {
        std::lock_guard lock(token.mutex);
        if (token.effective && token.effectiveAt == version) return token.effective;
    }
    auto owner = context_.directory.findUser(token.token.ownerLocator);
    UserRights none;
    TenantPins pins(context_.directory);
    auto computed = std::make_shared<const EffectiveRights>(describeEffectiveRights(
        token.token.permissions, token.token.tenants, owner ? owner->rights : none, pins.lookup()));
    std::lock_guard lock(token.mutex);
    if (version >= token.effectiveAt) {
        token.effective = computed;
        token.effectiveAt = version;
    }
    return computed;
}

}  // namespace tessera::service
