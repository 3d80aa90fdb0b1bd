#pragma once

#include "http/RequestContext.h"

namespace tessera::http {

// One file per API area; the route table (RouteTable.cpp) maps paths and permissions to these.

// Login (JWT-1, JWT-2): LoginHandlers.cpp
Result<HttpResponse> handleTokenEndpoint(RequestContext& context);
Result<HttpResponse> handleDiscovery(RequestContext& context);
Result<HttpResponse> handleJwks(RequestContext& context);
Result<HttpResponse> handleLogout(RequestContext& context);
Result<HttpResponse> handleUserinfo(RequestContext& context);
Result<HttpResponse> handleRevoke(RequestContext& context);

// Personal access tokens (PAT-*): TokenHandlers.cpp
Result<HttpResponse> handleCreateToken(RequestContext& context);
Result<HttpResponse> handleMintServiceAccountToken(RequestContext& context);
Result<HttpResponse> handleListOwnTokens(RequestContext& context);
Result<HttpResponse> handleGetOwnToken(RequestContext& context);
Result<HttpResponse> handleDeleteOwnToken(RequestContext& context);
Result<HttpResponse> handleListUserTokens(RequestContext& context);
Result<HttpResponse> handleDeleteUserToken(RequestContext& context);
Result<HttpResponse> handleTokenImmutable(RequestContext& context);
Result<HttpResponse> handleGroupedTokenPermissions(RequestContext& context);
Result<HttpResponse> handleRevokeUserSessions(RequestContext& context);
Result<HttpResponse> handleRevokeLeakedTokens(RequestContext& context);
Result<HttpResponse> handleGrantable(RequestContext& context);

// Users (USR-1): UserHandlers.cpp
Result<HttpResponse> handleCreateUser(RequestContext& context);
Result<HttpResponse> handleWhoami(RequestContext& context);
Result<HttpResponse> handleGetUser(RequestContext& context);
Result<HttpResponse> handleGetUsersByName(RequestContext& context);
Result<HttpResponse> handleListUsers(RequestContext& context);
Result<HttpResponse> handleListBasicUsers(RequestContext& context);
Result<HttpResponse> handleUpdateUser(RequestContext& context);
Result<HttpResponse> handleUpdateUserRoles(RequestContext& context);
Result<HttpResponse> handleUpdateUserTenants(RequestContext& context);
Result<HttpResponse> handleEnableUser(RequestContext& context);
Result<HttpResponse> handleDisableUser(RequestContext& context);
Result<HttpResponse> handleDeleteUser(RequestContext& context);
Result<HttpResponse> handleUserPermissions(RequestContext& context);
Result<HttpResponse> handleUserTenantPermissions(RequestContext& context);

// Roles (ROLE-*): RoleHandlers.cpp
Result<HttpResponse> handleCreateRole(RequestContext& context);
Result<HttpResponse> handleGetRole(RequestContext& context);
Result<HttpResponse> handleUpdateRole(RequestContext& context);
Result<HttpResponse> handleDeleteRole(RequestContext& context);
Result<HttpResponse> handleListRoles(RequestContext& context);
Result<HttpResponse> handleAvailablePermissions(RequestContext& context);
Result<HttpResponse> handleGetTenantRole(RequestContext& context);
Result<HttpResponse> handleCreateTenantRole(RequestContext& context);
Result<HttpResponse> handleUpdateTenantRole(RequestContext& context);
Result<HttpResponse> handleDeleteTenantRole(RequestContext& context);
Result<HttpResponse> handleListTenantRoles(RequestContext& context);

// Tenants (TEN-1, SCOPE-*): TenantHandlers.cpp
Result<HttpResponse> handleCreateTenant(RequestContext& context);
Result<HttpResponse> handleGetTenant(RequestContext& context);
Result<HttpResponse> handleListTenants(RequestContext& context);
Result<HttpResponse> handleUpdateTenant(RequestContext& context);
Result<HttpResponse> handleRetireTenant(RequestContext& context);
Result<HttpResponse> handleMyTenants(RequestContext& context);

// Password and token policies, credentials (JWT-3): IdentityHandlers.cpp
Result<HttpResponse> handleGetPasswordPolicy(RequestContext& context);
Result<HttpResponse> handleUpdatePasswordPolicy(RequestContext& context);
Result<HttpResponse> handleResetPassword(RequestContext& context);
Result<HttpResponse> handleChangePassword(RequestContext& context);
Result<HttpResponse> handleRemoveCredentials(RequestContext& context);
Result<HttpResponse> handleCredentialStatus(RequestContext& context);
Result<HttpResponse> handleGetTokenPolicy(RequestContext& context);
Result<HttpResponse> handleUpdateTokenPolicy(RequestContext& context);

// PAT-limit requests (PAT-6 extension): LimitRequestHandlers.cpp
Result<HttpResponse> handleFileLimitRequest(RequestContext& context);
Result<HttpResponse> handleListLimitRequests(RequestContext& context);
Result<HttpResponse> handleListAccountLimitRequests(RequestContext& context);

// Audit trail (AUD-1): AuditHandlers.cpp
Result<HttpResponse> handleListEvents(RequestContext& context);

// Webhook endpoints (AUD-2 extension): WebhookHandlers.cpp
Result<HttpResponse> handleCreateWebhook(RequestContext& context);
Result<HttpResponse> handleListWebhooks(RequestContext& context);
Result<HttpResponse> handleGetWebhook(RequestContext& context);
Result<HttpResponse> handleDeleteWebhook(RequestContext& context);
Result<HttpResponse> handleRotateWebhookSecret(RequestContext& context);
Result<HttpResponse> handleEnableWebhook(RequestContext& context);
Result<HttpResponse> handleTestWebhook(RequestContext& context);
Result<HttpResponse> handleListWebhookDeliveries(RequestContext& context);

// Resource servers: IntrospectionHandlers.cpp
Result<HttpResponse> handleIntrospect(RequestContext& context);

// Identity providers and SSO (JWT-4): SsoHandlers.cpp
Result<HttpResponse> handleAddOidcProvider(RequestContext& context);
Result<HttpResponse> handleAddSamlProvider(RequestContext& context);
Result<HttpResponse> handleSamlMetadata(RequestContext& context);
Result<HttpResponse> handleSamlAcs(RequestContext& context);
Result<HttpResponse> handleListProviders(RequestContext& context);
Result<HttpResponse> handleGetProvider(RequestContext& context);
Result<HttpResponse> handleDeleteProvider(RequestContext& context);
Result<HttpResponse> handlePublicProviders(RequestContext& context);
Result<HttpResponse> handleSsoLogin(RequestContext& context);
Result<HttpResponse> handleSsoCallback(RequestContext& context);

// The web console's static files: ConsoleHandlers.cpp
Result<HttpResponse> handleConsole(RequestContext& context);
Result<HttpResponse> handleConsoleAsset(RequestContext& context);

// Gateways and probes: CheckHandlers.cpp
Result<HttpResponse> handleCheck(RequestContext& context);
Result<HttpResponse> handleAuthenticationCheck(RequestContext& context);
Result<HttpResponse> handleHealth(RequestContext& context);
Result<HttpResponse> handleReady(RequestContext& context);
Result<HttpResponse> handleOpenApi(RequestContext& context);
Result<HttpResponse> handleMetrics(RequestContext& context);

HttpResponse problemFor(const Error& error);

// Maps a result to its response or its problem.
template <class T, class Render>
HttpResponse respond(const Result<T>& result, Render render) {
    if (!result) return problemFor(result.error());
    return render(*result);
}

}  // namespace tessera::http
