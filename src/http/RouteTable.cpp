#include "http/Handlers.h"
#include "http/Route.h"

namespace tessera::http {

// Every endpoint with the permission that grants it (reference/socotra-auth-api.md, PERM-4).
// The router authorizes from this table alone; handlers add only their `custom` refinements.
// One endpoint per line reads as a table.
// clang-format off
std::vector<Route> buildRouteTable() {
    using S = SelfRule;
    return {
        // Login (JWT-1): public.
        {"POST", "/auth/realms/{ba}/protocol/openid-connect/token", "token", "", {}, S::None, false, handleTokenEndpoint, {"Login", "Log in (OpenID Connect token endpoint: password and refresh_token grants)", "form:TokenRequest", "TokenResponse", ""}},
        {"GET", "/auth/realms/{ba}/.well-known/openid-configuration", "discovery", "", {}, S::None, false, handleDiscovery, {"Login", "OpenID Connect discovery document of a business account", "", "DiscoveryDocument", ""}},
        {"GET", "/auth/realms/{ba}/protocol/openid-connect/certs", "certs", "", {}, S::None, false, handleJwks, {"Login", "Public signing keys (JWKS)", "", "Jwks", ""}},
        {"POST", "/auth/realms/{ba}/password", "changePassword", "", {}, S::None, false, handleChangePassword, {"Login", "Change your password with the current one: also the way out of an expired or temporary password (extension)", "PasswordChangeRequest", "204", ""}},
        {"GET", "/auth/realms/{ba}/identity-providers", "listLoginProviders", "", {}, S::None, false, handlePublicProviders, {"Login", "The business account's identity providers for the login page: id and name (extension)", "", "LoginProvider[]", ""}, true},
        {"GET", "/auth/realms/{ba}/sso/{id}/login", "startSsoLogin", "", {}, S::None, false, handleSsoLogin, {"Login", "Start a login through an identity provider: 302 to the provider (extension)", "", "302", ""}, true},
        {"GET", "/auth/realms/{ba}/sso/{id}/callback", "ssoCallback", "", {}, S::None, false, handleSsoCallback, {"Login", "The OpenID Connect redirect URI: 302 to the console with a one-time code (extension)", "", "302", "code,state"}, true},
        {"GET", "/auth/realms/{ba}/sso/{id}/metadata", "samlMetadata", "", {}, S::None, false, handleSamlMetadata, {"Login", "SAML service-provider metadata for the provider's setup (extension)", "", "html", ""}, true},
        {"POST", "/auth/realms/{ba}/sso/{id}/acs", "samlAcs", "", {}, S::None, false, handleSamlAcs, {"Login", "SAML assertion consumer service (HTTP-POST binding): 303 to the console with a one-time code (extension)", "form:SamlPost", "302", ""}},
        {"POST", "/auth/realms/{ba}/protocol/openid-connect/logout", "logout", "", {}, S::None, false, handleLogout, {"Login", "End the session of a refresh token or bearer access token", "form:LogoutRequest", "204", ""}},

        // Personal access tokens.
        {"POST", "/auth/users/tokens", "createAuthToken", "users", {"write", "token"}, S::None, true, handleCreateToken, {"Personal Access Tokens", "Create a personal access token (the value is shown once)", "AuthTokenCreateRequest", "string", ""}},
        {"GET", "/auth/users/tokens", "fetchAuthTokens", "users", {"read", "custom"}, S::OwnTokens, true, handleListOwnTokens, {"Personal Access Tokens", "List your personal access tokens", "", "AuthTokenResponse[]", ""}},
        {"GET", "/auth/users/tokens/{tokenOrName}", "fetchAuthToken", "users", {"read", "custom"}, S::OwnTokens, true, handleGetOwnToken, {"Personal Access Tokens", "Describe one of your tokens, with effective and dormant rights (extension)", "", "AuthTokenResponse", ""}},
        {"DELETE", "/auth/users/tokens/{tokenOrName}", "deleteAuthToken", "users", {"write", "custom"}, S::OwnTokens, true, handleDeleteOwnToken, {"Personal Access Tokens", "Delete one of your tokens by value or name", "", "", ""}},
        {"PUT", "/auth/users/tokens/{tokenOrName}", "updateAuthToken", "", {}, S::None, false, handleTokenImmutable, {"Personal Access Tokens", "Tokens are immutable: always 405 (delete and create a new one)", "", "405", ""}},
        {"PATCH", "/auth/users/tokens/{tokenOrName}", "patchAuthToken", "", {}, S::None, false, handleTokenImmutable, {"Personal Access Tokens", "Tokens are immutable: always 405 (delete and create a new one)", "", "405", ""}},
        {"POST", "/auth/users/tokens/permissions", "getGroupedTokenPermissions", "users", {"read", "custom"}, S::AnyCaller, true, handleGroupedTokenPermissions, {"Personal Access Tokens", "Effective permissions of one of your tokens, grouped", "string", "GroupedPermissions", ""}},
        {"POST", "/auth/users/{locator}/tokens", "createServiceAccountAuthToken", "users", {"custom"}, S::Admin, true, handleMintServiceAccountToken, {"Personal Access Tokens", "Mint a token for a service account (admins; counts against its limit)", "AuthTokenCreateRequest", "string", ""}},
        {"GET", "/auth/users/{locator}/tokens", "fetchAuthTokensForUser", "users", {"read", "custom"}, S::SelfUserTokens, true, handleListUserTokens, {"Personal Access Tokens", "List a user's tokens", "", "AuthTokenResponse[]", ""}},
        {"DELETE", "/auth/users/{locator}/tokens/{tokenOrName}", "deleteAuthTokenForUser", "users", {"write", "custom"}, S::SelfUserTokens, true, handleDeleteUserToken, {"Personal Access Tokens", "Delete a user's token by value or name", "", "", ""}},
        {"PUT", "/auth/users/{locator}/tokens/{tokenOrName}", "updateAuthTokenForUser", "", {}, S::None, false, handleTokenImmutable, {"Personal Access Tokens", "Tokens are immutable: always 405 (delete and create a new one)", "", "405", ""}},
        {"PATCH", "/auth/users/{locator}/tokens/{tokenOrName}", "patchAuthTokenForUser", "", {}, S::None, false, handleTokenImmutable, {"Personal Access Tokens", "Tokens are immutable: always 405 (delete and create a new one)", "", "405", ""}},
        {"GET", "/auth/users/tokens/grantable", "fetchGrantableRights", "users", {"custom"}, S::OwnTokens, true, handleGrantable, {"Personal Access Tokens", "What you could grant a new token right now: permissions grouped by resource, scope entries with tenant names, your limit (extension)", "", "GrantableRights", ""}},
        {"POST", "/auth/users/tokens/limitRequests", "requestTokenLimit", "users", {"custom"}, S::OwnTokens, true, handleFileLimitRequest, {"Personal Access Tokens", "Ask an operator for a higher PAT limit, with a reason (extension)", "LimitRequestCreateRequest", "LimitRequestResponse", ""}},
        {"GET", "/auth/users/tokens/limitRequests", "fetchTokenLimitRequests", "users", {"custom"}, S::OwnTokens, true, handleListLimitRequests, {"Personal Access Tokens", "Your PAT limit and your requests for a higher one (extension)", "", "LimitRequestListResponse", ""}, true},
        {"POST", "/auth/users/{locator}/revoke", "revokeUserOauthTokens", "users", {"write", "custom", "revoke"}, S::SelfUser, true, handleRevokeUserSessions, {"Personal Access Tokens", "End every login session of a user (PATs are untouched)", "", "", ""}},

        // Users.
        {"POST", "/auth/users", "createUser", "users", {"add"}, S::None, true, handleCreateUser, {"Users", "Create a user", "UserCreateRequest", "UserResponse", "enableUser"}},
        {"GET", "/auth/users/whoami", "fetchMyUserDetails", "users", {"custom"}, S::AnyCaller, true, handleWhoami, {"Users", "Describe Current User", "", "WhoAmIResponse", ""}},
        {"GET", "/auth/users/list", "fetchMultipleUsers", "users", {"read", "list"}, S::None, true, handleListUsers, {"Users", "List users", "", "UserListResponse", "offset,count"}},
        {"GET", "/auth/users/basic/list", "fetchMultipleBasicUsers", "users", {"read", "list"}, S::None, true, handleListBasicUsers, {"Users", "List users (basic fields)", "", "BasicUserListResponse", "offset,count"}},
        {"GET", "/auth/users/username/{username}", "fetchUserByName", "users", {"read"}, S::None, true, handleGetUsersByName, {"Users", "Find a user by user name", "", "UserResponse[]", ""}},
        {"GET", "/auth/users/{locator}", "fetchUserByLocator", "users", {"custom", "read"}, S::SelfUser, true, handleGetUser, {"Users", "Get a user", "", "UserResponse", ""}},
        {"PATCH", "/auth/users/{locator}", "updateUser", "users", {"update", "custom"}, S::SelfUser, true, handleUpdateUser, {"Users", "Update a user", "UserUpdateRequest", "UserResponse", ""}},
        {"PATCH", "/auth/users/{locator}/roles", "updateUserRoles", "users", {"update-roles"}, S::None, true, handleUpdateUserRoles, {"Users", "Add and remove roles of a user", "UserRolesUpdateRequest", "UserResponse", ""}},
        {"PATCH", "/auth/users/{locator}/tenants", "updateUserTenantAssignments", "users", {"update-tenants"}, S::None, true, handleUpdateUserTenants, {"Users", "Add and remove tenants of a user", "UserTenantsAssignmentsUpdateRequest", "UserResponse", ""}},
        {"PATCH", "/auth/users/{locator}/enable", "enableUser", "users", {"enable"}, S::None, true, handleEnableUser, {"Users", "Enable a user", "", "UserResponse", ""}},
        {"PATCH", "/auth/users/{locator}/disable", "disableUser", "users", {"enable"}, S::None, true, handleDisableUser, {"Users", "Disable a user: its sessions and tokens stop at once (extension)", "", "UserResponse", ""}},
        {"DELETE", "/auth/users/{locator}", "deleteUser", "users", {"delete"}, S::None, true, handleDeleteUser, {"Users", "Delete a user and its tokens", "", "", ""}},
        {"GET", "/auth/users/{locator}/permissions", "fetchUserPermissions", "users", {"read", "custom"}, S::SelfUser, true, handleUserPermissions, {"Users", "A user's current permissions", "", "string[]", ""}},
        {"GET", "/auth/users/{userLocator}/tenant/{tenantLocator}/permissions", "fetchUserTenantPermissions", "users", {"read", "custom"}, S::SelfUser, true, handleUserTenantPermissions, {"Users", "A user's current permissions on a tenant", "", "string[]", ""}},

        {"PATCH", "/auth/users/{locator}/passwordreset", "resetUserPassword", "users", {"password-reset"}, S::None, true, handleResetPassword, {"Users", "Set a user's password (checked against the password policy)", "string", "", ""}},
        {"DELETE", "/auth/users/{locator}/credentials", "removeCredentials", "users", {"write", "custom"}, S::SelfUser, true, handleRemoveCredentials, {"Users", "Remove a user's password (sessions end; SSO still works)", "", "", ""}},
        {"GET", "/auth/users/{locator}/credentialStatus", "fetchCredentialStatus", "users", {"read", "custom"}, S::SelfUser, true, handleCredentialStatus, {"Users", "Password state and session times of a user", "", "CredentialResponse", ""}},
        {"POST", "/auth/identity/oidc", "addOIDCIdentityProvider", "identity", {"add", "custom"}, S::Admin, true, handleAddOidcProvider, {"Identity", "Register an OpenID Connect provider (its discovery document is fetched and checked now)", "OIDCIdentityProviderCreateRequest", "IdentityProviderResponse", ""}},
        {"POST", "/auth/identity/saml", "addSAMLIdentityProvider", "identity", {"add", "custom"}, S::Admin, true, handleAddSamlProvider, {"Identity", "Register a SAML provider with its metadataUrl or signingCertificate (extension fields)", "SAMLIdentityProviderCreateRequest", "IdentityProviderResponse", ""}},
        {"GET", "/auth/identity/instances", "fetchIdentityProviders", "identity", {"read", "custom"}, S::Admin, true, handleListProviders, {"Identity", "The business account's identity providers", "", "IdentityProviderResponse[]", ""}, true},
        {"GET", "/auth/identity/instances/{name}", "fetchIdentityProviderByName", "identity", {"read", "custom"}, S::Admin, true, handleGetProvider, {"Identity", "One identity provider", "", "IdentityProviderResponse", ""}, true},
        {"DELETE", "/auth/identity/instances/{name}", "deleteIdentityServerInstance", "identity", {"delete", "custom"}, S::Admin, true, handleDeleteProvider, {"Identity", "Remove an identity provider (logins through it stop at once)", "", "", ""}},
        {"GET", "/auth/identity/passwordPolicy", "fetchPasswordPolicy", "identity", {"read", "custom"}, S::Admin, true, handleGetPasswordPolicy, {"Identity", "The business account's password policy", "", "PasswordPolicyResponse", ""}},
        {"PUT", "/auth/identity/passwordPolicy", "updatePasswordPolicy", "identity", {"add", "custom"}, S::Admin, true, handleUpdatePasswordPolicy, {"Identity", "Change the password policy (fields given replace the current ones)", "PasswordPolicyUpdateRequest", "", ""}},

        {"GET", "/auth/identity/tokenPolicy", "fetchTokenPolicy", "identity", {"read", "custom"}, S::Admin, true, handleGetTokenPolicy, {"Identity", "The business account's rules for new PATs (extension)", "", "TokenPolicy", ""}},
        {"PUT", "/auth/identity/tokenPolicy", "updateTokenPolicy", "identity", {"add", "custom"}, S::Admin, true, handleUpdateTokenPolicy, {"Identity", "Require an expiry and bound the lifetime of new PATs (extension)", "TokenPolicy", "TokenPolicy", ""}},

        // Audit (AUD-1).
        {"GET", "/auth/events/list", "listEvents", "events", {"read", "list"}, S::None, true, handleListEvents, {"Audit", "Audit events of the business account, oldest first (extension)", "", "EventListResponse", "startTimestamp,endTimestamp,type,pageSize,pagingToken"}, true},

        // Roles.
        {"POST", "/auth/roles", "createRole", "roles", {"add"}, S::None, true, handleCreateRole, {"Roles", "Create a role", "RoleCreateRequest", "RoleResponse", ""}},
        {"GET", "/auth/roles/list", "fetchMultipleRoles", "roles", {"read", "list"}, S::None, true, handleListRoles, {"Roles", "List roles (built-in roles included)", "", "RoleListResponse", "offset,count"}},
        {"GET", "/auth/roles/permissions", "fetchAvailablePermissions", "roles", {"read"}, S::None, true, handleAvailablePermissions, {"Roles", "The permission catalogue", "", "string[]", ""}},
        {"GET", "/auth/roles/{locator}", "getRole", "roles", {"read"}, S::None, true, handleGetRole, {"Roles", "Get a role", "", "RoleResponse", ""}},
        {"PATCH", "/auth/roles/{locator}", "updateRole", "roles", {"update"}, S::None, true, handleUpdateRole, {"Roles", "Update a role (optimistic concurrency on version)", "RoleUpdateRequest", "RoleResponse", ""}},
        {"DELETE", "/auth/roles/{locator}", "deleteRole", "roles", {"delete"}, S::None, true, handleDeleteRole, {"Roles", "Delete a role", "", "", ""}},

        {"GET", "/auth/roles/tenant/{tenantLocator}/list", "listTenantRoles", "roles", {"read", "list"}, S::None, true, handleListTenantRoles, {"Roles", "Roles with permissions of their own on a tenant (ROLE-2)", "", "RoleListResponse", "offset,count"}},
        {"GET", "/auth/roles/tenant/{tenantLocator}/{roleLocator}", "getTenantRole", "roles", {"read"}, S::None, true, handleGetTenantRole, {"Roles", "A role's permissions on one tenant (ROLE-2)", "", "RoleResponse", ""}},
        {"POST", "/auth/roles/tenant/{tenantLocator}/{roleLocator}", "createTenantRole", "roles", {"add"}, S::None, true, handleCreateTenantRole, {"Roles", "Give a role its own permissions on one tenant (ROLE-2)", "CreateTenantRoleReq", "RoleResponse", ""}},
        {"PATCH", "/auth/roles/tenant/{tenantLocator}/{roleLocator}", "updateTenantRole", "roles", {"update"}, S::None, true, handleUpdateTenantRole, {"Roles", "Change a role's permissions on one tenant (version check)", "PatchTenantRoleReq", "RoleResponse", ""}},
        {"DELETE", "/auth/roles/tenant/{tenantLocator}/{roleLocator}", "deleteTenantRole", "roles", {"delete"}, S::None, true, handleDeleteTenantRole, {"Roles", "Remove a role's permissions on one tenant (the base set applies again)", "", "", ""}},

        // Tenants.
        {"GET", "/auth/tenants/mytenants/list", "fetchMyTenants", "tenants", {"custom"}, S::AnyCaller, true, handleMyTenants, {"Tenants", "Tenants you can reach", "", "TenantListResponse", "offset,count"}},
        {"GET", "/auth/tenants/list", "fetchTenants", "tenants", {"read", "list"}, S::None, true, handleListTenants, {"Tenants", "List tenants", "", "TenantResponse[]", "type"}},
        {"POST", "/auth/tenants", "createTenant", "tenants", {"create-tenant"}, S::None, true, handleCreateTenant, {"Tenants", "Create a tenant (extension)", "TenantCreateRequest", "TenantResponse", ""}},
        {"GET", "/auth/tenants/{locator}", "fetchTenant", "tenants", {"read"}, S::None, true, handleGetTenant, {"Tenants", "Get a tenant", "", "TenantResponse", ""}},
        {"PATCH", "/auth/tenants/{locator}", "updateTenant", "tenants", {"write"}, S::None, true, handleUpdateTenant, {"Tenants", "Rename or describe a tenant", "TenantUpdateRequest", "TenantResponse", ""}},
        {"PATCH", "/auth/tenants/{locator}/retire", "retireTenant", "tenants", {"retire"}, S::None, true, handleRetireTenant, {"Tenants", "Retire a tenant (it grants nothing any more)", "", "TenantResponse", ""}},

        {"POST", "/auth/tokens/revoke-leaked", "revokeLeakedTokens", "", {}, S::None, false, handleRevokeLeakedTokens, {"Personal Access Tokens", "Report leaked token values: live ones are deleted at once; answers counts only (extension; rate-limited per address)", "LeakedTokensRequest", "LeakedTokensResponse", ""}},

        // Gateways, resource servers, probes.
        {"POST", "/auth/introspect", "introspect", "users", {"read"}, S::None, true, handleIntrospect, {"Gateways", "RFC 7662 token introspection (extension)", "form:IntrospectionRequest", "IntrospectionResponse", ""}},
        {"GET", "/auth/check", "check", "", {}, S::AnyCaller, true, handleCheck, {"Gateways", "May the bearer do X-Required-Permission (on X-Tenant-Locator)?", "", "", ""}},
        {"GET", "/", "console", "", {}, S::None, false, handleConsole, {"Console", "The web console (HTML)", "", "html", ""}},
        {"GET", "/ui/{file}", "consoleAsset", "", {}, S::None, false, handleConsoleAsset, {"Console", "The web console's scripts and styles", "", "html", ""}},
        {"GET", "/healthz", "healthz", "", {}, S::None, false, handleHealth, {"Operations", "Liveness", "", "Health", ""}},
        {"GET", "/openapi.json", "openapi", "", {}, S::None, false, handleOpenApi, {"Operations", "This OpenAPI document", "", "OpenApiDocument", ""}},
        {"GET", "/metrics", "metrics", "", {}, S::None, false, handleMetrics, {"Operations", "Prometheus metrics (text format)", "", "", ""}},
        {"GET", "/readyz", "readyz", "", {}, S::None, false, handleReady, {"Operations", "Readiness", "", "Health", ""}},
    };
}
// clang-format on

}  // namespace tessera::http
