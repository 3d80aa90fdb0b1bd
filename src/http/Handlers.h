#pragma once

#include "http/RequestContext.h"

namespace tessera::http {

// One file per API area; the route table (RouteTable.cpp) maps paths and permissions to these.

// Login (JWT-1, JWT-2): LoginHandlers.cpp
HttpResponse handleTokenEndpoint(RequestContext& context);
HttpResponse handleDiscovery(RequestContext& context);
HttpResponse handleJwks(RequestContext& context);
HttpResponse handleLogout(RequestContext& context);

// Personal access tokens (PAT-*): TokenHandlers.cpp
HttpResponse handleCreateToken(RequestContext& context);
HttpResponse handleMintServiceAccountToken(RequestContext& context);
HttpResponse handleListOwnTokens(RequestContext& context);
HttpResponse handleGetOwnToken(RequestContext& context);
HttpResponse handleDeleteOwnToken(RequestContext& context);
HttpResponse handleListUserTokens(RequestContext& context);
HttpResponse handleDeleteUserToken(RequestContext& context);
HttpResponse handleTokenImmutable(RequestContext& context);
HttpResponse handleGroupedTokenPermissions(RequestContext& context);
HttpResponse handleRevokeUserSessions(RequestContext& context);
HttpResponse handleRevokeLeakedTokens(RequestContext& context);
HttpResponse handleGrantable(RequestContext& context);

// Users (USR-1): UserHandlers.cpp
HttpResponse handleCreateUser(RequestContext& context);
HttpResponse handleWhoami(RequestContext& context);
HttpResponse handleGetUser(RequestContext& context);
HttpResponse handleGetUsersByName(RequestContext& context);
HttpResponse handleListUsers(RequestContext& context);
HttpResponse handleListBasicUsers(RequestContext& context);
HttpResponse handleUpdateUser(RequestContext& context);
HttpResponse handleUpdateUserRoles(RequestContext& context);
HttpResponse handleUpdateUserTenants(RequestContext& context);
HttpResponse handleEnableUser(RequestContext& context);
HttpResponse handleDisableUser(RequestContext& context);
HttpResponse handleDeleteUser(RequestContext& context);
HttpResponse handleUserPermissions(RequestContext& context);
HttpResponse handleUserTenantPermissions(RequestContext& context);

// Roles (ROLE-*): RoleHandlers.cpp
HttpResponse handleCreateRole(RequestContext& context);
HttpResponse handleGetRole(RequestContext& context);
HttpResponse handleUpdateRole(RequestContext& context);
HttpResponse handleDeleteRole(RequestContext& context);
HttpResponse handleListRoles(RequestContext& context);
HttpResponse handleAvailablePermissions(RequestContext& context);
HttpResponse handleGetTenantRole(RequestContext& context);
HttpResponse handleCreateTenantRole(RequestContext& context);
HttpResponse handleUpdateTenantRole(RequestContext& context);
HttpResponse handleDeleteTenantRole(RequestContext& context);
HttpResponse handleListTenantRoles(RequestContext& context);

// Tenants (TEN-1, SCOPE-*): TenantHandlers.cpp
HttpResponse handleCreateTenant(RequestContext& context);
HttpResponse handleGetTenant(RequestContext& context);
HttpResponse handleListTenants(RequestContext& context);
HttpResponse handleUpdateTenant(RequestContext& context);
HttpResponse handleRetireTenant(RequestContext& context);
HttpResponse handleMyTenants(RequestContext& context);

// Password and token policies, credentials (JWT-3): IdentityHandlers.cpp
HttpResponse handleGetPasswordPolicy(RequestContext& context);
HttpResponse handleUpdatePasswordPolicy(RequestContext& context);
HttpResponse handleResetPassword(RequestContext& context);
HttpResponse handleChangePassword(RequestContext& context);
HttpResponse handleRemoveCredentials(RequestContext& context);
HttpResponse handleCredentialStatus(RequestContext& context);
HttpResponse handleGetTokenPolicy(RequestContext& context);
HttpResponse handleUpdateTokenPolicy(RequestContext& context);

// PAT-limit requests (PAT-6 extension): LimitRequestHandlers.cpp
HttpResponse handleFileLimitRequest(RequestContext& context);
HttpResponse handleListLimitRequests(RequestContext& context);

// Audit trail (AUD-1): AuditHandlers.cpp
HttpResponse handleListEvents(RequestContext& context);

// Resource servers: IntrospectionHandlers.cpp
HttpResponse handleIntrospect(RequestContext& context);

// Identity providers and SSO (JWT-4): SsoHandlers.cpp
HttpResponse handleAddOidcProvider(RequestContext& context);
HttpResponse handleAddSamlProvider(RequestContext& context);
HttpResponse handleSamlMetadata(RequestContext& context);
HttpResponse handleSamlAcs(RequestContext& context);
HttpResponse handleListProviders(RequestContext& context);
HttpResponse handleGetProvider(RequestContext& context);
HttpResponse handleDeleteProvider(RequestContext& context);
HttpResponse handlePublicProviders(RequestContext& context);
HttpResponse handleSsoLogin(RequestContext& context);
HttpResponse handleSsoCallback(RequestContext& context);

// The web console's static files: ConsoleHandlers.cpp
HttpResponse handleConsole(RequestContext& context);
HttpResponse handleConsoleAsset(RequestContext& context);

// Gateways and probes: CheckHandlers.cpp
HttpResponse handleCheck(RequestContext& context);
HttpResponse handleAuthenticationCheck(RequestContext& context);
HttpResponse handleHealth(RequestContext& context);
HttpResponse handleReady(RequestContext& context);
HttpResponse handleOpenApi(RequestContext& context);
HttpResponse handleMetrics(RequestContext& context);

HttpResponse problemFor(const Error& error);

// Maps a result to its response or its problem.
template <class T, class Render>
HttpResponse respond(const Result<T>& result, Render render) {
    if (!result) return problemFor(result.error());
    return render(*result);
}

}  // namespace tessera::http
