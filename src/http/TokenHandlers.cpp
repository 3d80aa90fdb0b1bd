#include <boost/json/object.hpp>

#include "domain/PatRules.h"
#include "http/Handlers.h"
#include "http/JsonBody.h"
#include "http/Problem.h"
#include "http/Representations.h"
#include "http/RoutePolicy.h"
#include "service/AccessPolicy.h"

namespace tessera::http {

using namespace tessera::domain;

HttpResponse problemFor(const Error& error) {
    return problem(error);
}

namespace {

HttpResponse tokenList(RequestContext& context, std::string_view ownerLocator) {
    boost::json::array items;
    for (const auto& token : context.api.tokens.list(ownerLocator))
        items.push_back(tokenJson(context.api, *token));
    return jsonResponse(items);
}

}  // namespace

namespace {

Result<service::CreateTokenRequest> readCreateTokenRequest(const HttpRequest& http) {
    auto body = readJsonObject(
        http, {requiredField("name"), requiredField("permissions", JsonType::Strings),
               requiredField("tenants", JsonType::Strings),
               optionalField("expiresAt", JsonType::Timestamp),
               optionalField("allowedNetworks", JsonType::Strings)});
    TESSERA_TRY(body);
    return service::CreateTokenRequest{
        body->string("name"), body->strings("permissions"), body->strings("tenants"),
        body->optionalTimestamp("expiresAt"),
        body->optionalStrings("allowedNetworks").value_or(std::vector<std::string>{})};
}

// PAT-7: the only time the value is ever shown.
Result<HttpResponse> createdTokenResponse(const Result<service::CreatedToken>& created) {
    TESSERA_TRY(created);
    auto response = jsonResponse(boost::json::value(created->value));
    response.header("Cache-Control", "no-store");
    response.header("Pragma", "no-cache");
    response.header("X-Token-Locator",
                    created->entry ? created->entry->token.locator : std::string());
    if (created->entry && !created->entry->token.expiresAt) {
        // PAT-8: a token that never expires works until someone deletes it.
        response.header(
            "Warning",
            "299 tessera \"This token never expires. Setting expiresAt is recommended.\"");
    }
    return response;
}

}  // namespace

Result<HttpResponse> handleCreateToken(RequestContext& context) {
    auto request = readCreateTokenRequest(context.request);
    TESSERA_TRY(request);
    return createdTokenResponse(context.api.tokens.create(context.caller(), *request));
}

Result<HttpResponse> handleMintServiceAccountToken(RequestContext& context) {
    auto request = readCreateTokenRequest(context.request);
    TESSERA_TRY(request);
    return createdTokenResponse(context.api.tokens.mintForServiceAccount(
        context.caller(), context.targetUser->user.locator, *request));
}

Result<HttpResponse> handleListOwnTokens(RequestContext& context) {
    return tokenList(context, context.caller().account().locator);
}

Result<HttpResponse> handleGetOwnToken(RequestContext& context) {
    auto token =
        context.api.tokens.find(context.caller().account().locator, context.param("tokenOrName"));
    return respond(token,
                   [&](const auto& entry) { return jsonResponse(tokenJson(context.api, *entry)); });
}

Result<HttpResponse> handleDeleteOwnToken(RequestContext& context) {
    auto removed =
        context.api.tokens.remove(context.caller().account().locator, context.param("tokenOrName"));
    TESSERA_TRY(removed);
    return emptyResponse();
}

Result<HttpResponse> handleListUserTokens(RequestContext& context) {
    return tokenList(context, context.targetUser->user.locator);
}

Result<HttpResponse> handleDeleteUserToken(RequestContext& context) {
    auto removed =
        context.api.tokens.remove(context.targetUser->user.locator, context.param("tokenOrName"));
    TESSERA_TRY(removed);
    return emptyResponse();
}

Result<HttpResponse> handleTokenImmutable(RequestContext&) {
    // PAT-5
    auto response =
        problem(ErrorCode::TokenImmutable,
                "personal access tokens are immutable: delete this token and create a new one");
    response.header("Allow", "GET, DELETE");
    return response;
}

Result<HttpResponse> handleGroupedTokenPermissions(RequestContext& context) {
    auto tokenOrName = parseJsonString(context.request);
    TESSERA_TRY(tokenOrName);
    const auto& caller = context.caller();
    auto token = context.api.tokens.find(caller.account().locator, *tokenOrName);
    TESSERA_TRY(token);
    if (!mayInspectToken(context, **token)) {
        return problem(ErrorCode::Forbidden,
                       "a token may only read its own permissions without users.read");
    }
    auto effective = context.api.tokens.effectiveRights(**token);
    boost::json::object grouped;
    for (const auto& text : effective->effectivePermissions) {
        std::string_view group, action;
        if (!splitPermission(text, group, action)) continue;
        auto& actions = grouped[group];
        if (!actions.is_array()) actions = boost::json::array();
        actions.as_array().emplace_back(action);
    }
    return jsonResponse(grouped);
}

Result<HttpResponse> handleRevokeLeakedTokens(RequestContext& context) {
    constexpr size_t kMaxValues = 1000;
    auto limited =
        context.api.leakReportLimiter.acquire(context.request.clientIp, context.api.clock.now());
    TESSERA_TRY(limited);
    if (auto wait = *limited) {
        return problem(Error{ErrorCode::RateLimited,
                             "too many leak reports from this address; try again later",
                             {},
                             int(std::max<long>(1, wait->count()))});
    }
    auto body = parseJsonStrict(context.request);
    TESSERA_TRY(body);
    if (!body->is_array())
        return problem(ErrorCode::InvalidRequest, "the body must be a JSON array of token values");
    const auto& items = body->as_array();
    if (items.size() > kMaxValues) {
        return problem(ErrorCode::InvalidRequest, "at most 1000 values per request");
    }
    std::vector<std::string> values;
    for (const auto& item : items) {
        if (!item.is_string())
            return problem(ErrorCode::InvalidRequest, "every entry must be a string");
        values.emplace_back(item.as_string());
    }
    auto revoked = context.api.tokens.revokeLeaked(values);
    TESSERA_TRY(revoked);
    // Counts only: the answer must not tell a caller which values were real.
    return jsonResponse(boost::json::object{{"received", values.size()}, {"revoked", *revoked}});
}

Result<HttpResponse> handleRevokeUserSessions(RequestContext& context) {
    auto revoked = context.api.sessions.revokeAll(context.targetUser->user.locator);
    TESSERA_TRY(revoked);
    return emptyResponse();
}

}  // namespace tessera::http

namespace tessera::http {

// Extension for token pickers (the console): what the caller could grant a new token right now,
// grouped by resource with `wildcard` where `group.*` is held, and the scope entries it could
// give, tenants with their names.
Result<HttpResponse> handleGrantable(RequestContext& context) {
    auto choices = context.api.tokens.grantable(context.caller());
    boost::json::array groups;
    for (const auto& group : choices.permissions) {
        boost::json::array actions;
        for (const auto& action : group.actions) actions.emplace_back(action);
        groups.push_back(boost::json::object{
            {"group", group.name}, {"wildcard", group.wildcard}, {"actions", std::move(actions)}});
    }
    boost::json::array tenants;
    for (const auto& choice : choices.tenants) {
        boost::json::object item{{"entry", choice.entry}};
        if (choice.tenant) {
            item["name"] = choice.tenant->name;
            item["type"] = domain::nameOf(choice.tenant->type);
        }
        tenants.push_back(std::move(item));
    }
    return jsonResponse(boost::json::object{{"permissions", std::move(groups)},
                                            {"tenants", std::move(tenants)},
                                            {"limit", choices.limit}});
}

}  // namespace tessera::http
