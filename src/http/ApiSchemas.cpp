#include "http/ApiSchemas.h"

#include <boost/json/parse.hpp>

namespace tessera::http {

const boost::json::object& apiSchemas() {
    static const boost::json::object schemas = boost::json::parse(R"json({
  "Problem": {
    "type": "object",
    "description": "RFC 9457 Problem Details with a stable code.",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
      "type": {"type": "string"},
      "title": {"type": "string"},
      "status": {"type": "integer"},
      "detail": {"type": "string"},
      "code": {"type": "string", "enum": ["invalid_request", "invalid_json", "invalid_permission", "permission_not_held",
        "tenant_not_held", "unknown_tenant", "unauthenticated", "forbidden", "tenant_not_in_scope",
        "user_beyond_your_rights", "not_found", "method_not_allowed",
        "token_immutable", "conflict", "version_conflict", "concurrent_change", "pat_limit_reached", "payload_too_large", "headers_too_large", "rate_limited",
        "unsupported_media_type", "invalid_grant", "password_change_required", "service_unavailable", "internal_error"]},
      "invalidEntries": {"type": "array", "items": {"type": "string"}, "description": "Every offending entry of the request."}
    }
  },
  "OAuthError": {
    "type": "object",
    "required": ["error", "error_description"],
    "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}}
  },
  "TokenRequest": {
    "type": "object",
    "required": ["grant_type"],
    "properties": {
      "grant_type": {"type": "string", "enum": ["password", "refresh_token", "authorization_code"]},
      "code": {"type": "string", "description": "authorization_code: the one-time code of an SSO login."},
      "username": {"type": "string"},
      "password": {"type": "string", "format": "password"},
      "refresh_token": {"type": "string"},
      "client_id": {"type": "string", "description": "Optional; the built-in public client is tessera."},
      "scope": {"type": "string"}
    }
  },
  "LogoutRequest": {
    "type": "object",
    "properties": {"refresh_token": {"type": "string"}}
  },
  "TokenResponse": {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"],
    "properties": {
      "access_token": {"type": "string", "description": "ES256-signed JWT."},
      "token_type": {"type": "string", "const": "Bearer"},
      "expires_in": {"type": "integer"},
      "refresh_token": {"type": "string"},
      "refresh_expires_in": {"type": "integer"}
    }
  },
  "DiscoveryDocument": {
    "type": "object",
    "required": ["issuer", "token_endpoint", "jwks_uri"],
    "properties": {
      "issuer": {"type": "string"},
      "token_endpoint": {"type": "string"},
      "jwks_uri": {"type": "string"},
      "end_session_endpoint": {"type": "string"},
      "grant_types_supported": {"type": "array", "items": {"type": "string"}},
      "response_types_supported": {"type": "array", "items": {"type": "string"}},
      "subject_types_supported": {"type": "array", "items": {"type": "string"}},
      "id_token_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
      "token_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}},
      "userinfo_endpoint": {"type": "string"},
      "revocation_endpoint": {"type": "string"},
      "revocation_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}},
      "introspection_endpoint": {"type": "string", "description": "Needs a bearer token holding users.read."},
      "scopes_supported": {"type": "array", "items": {"type": "string"}},
      "claims_supported": {"type": "array", "items": {"type": "string"}}
    }
  },
  "UserInfo": {
    "type": "object",
    "required": ["sub", "preferred_username", "ba"],
    "properties": {
      "sub": {"type": "string", "description": "The user's locator, as in the access token."},
      "preferred_username": {"type": "string"},
      "ba": {"type": "string", "description": "The business account (realm)."},
      "name": {"type": "string"}, "given_name": {"type": "string"}, "family_name": {"type": "string"},
      "email": {"type": "string"}
    }
  },
  "RevocationRequest": {
    "type": "object",
    "required": ["token"],
    "properties": {
      "token": {"type": "string", "description": "A refresh token or an access token of this realm."},
      "token_type_hint": {"type": "string", "enum": ["refresh_token", "access_token"]},
      "client_id": {"type": "string", "enum": ["tessera"]}
    }
  },
  "Jwks": {
    "type": "object",
    "required": ["keys"],
    "properties": {"keys": {"type": "array", "items": {"type": "object", "required": ["kty", "kid"],
      "properties": {"kty": {"type": "string"}, "crv": {"type": "string"}, "use": {"type": "string"},
        "alg": {"type": "string"}, "kid": {"type": "string"}, "x": {"type": "string"}, "y": {"type": "string"}}}}}
  },
  "AuthTokenCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["name", "permissions", "tenants"],
    "properties": {
      "name": {"type": "string", "minLength": 1, "maxLength": 100},
      "permissions": {"type": "array", "items": {"type": "string"}, "minItems": 1},
      "tenants": {"type": "array", "items": {"type": "string"}},
      "expiresAt": {"type": ["string", "null"], "format": "date-time", "description": "Absent or null: never expires (not recommended)."},
      "allowedNetworks": {"type": "array", "maxItems": 32, "items": {"type": "string", "examples": ["198.51.100.0/24", "2001:db8::/32"]},
        "description": "Extension (PAT-12): IPv4/IPv6 CIDR blocks the token may be used from; absent or empty: any. A token created with a token may only narrow its own (and inherits them when this is absent)."}
    }
  },
  "AuthTokenResponse": {
    "type": "object",
    "required": ["name", "createdAt", "expiresAt", "permissions", "tenants"],
    "properties": {
      "name": {"type": "string"},
      "createdAt": {"type": "string", "format": "date-time"},
      "expiresAt": {"type": ["string", "null"], "format": "date-time"},
      "permissions": {"type": "array", "items": {"type": "string"}},
      "tenants": {"type": "array", "items": {"type": "string"}},
      "locator": {"type": "string", "description": "Extension."},
      "expired": {"type": "boolean", "description": "Extension."},
      "lastUsedAt": {"type": ["string", "null"], "format": "date-time", "description": "Extension."},
      "lastUsedIp": {"type": ["string", "null"], "description": "Extension."},
      "origin": {"type": "string", "enum": ["session", "token", "admin-mint"], "description": "Extension."},
      "allowedNetworks": {"type": "array", "items": {"type": "string"}, "description": "Extension (PAT-12): empty means any client address."},
      "effectivePermissions": {"type": "array", "items": {"type": "string"}, "description": "Extension (PAT-4)."},
      "effectiveTenants": {"type": "array", "items": {"type": "string"}, "description": "Extension (PAT-4)."},
      "dormantPermissions": {"type": "array", "items": {"type": "string"}, "description": "Extension (PAT-4)."},
      "dormantTenants": {"type": "array", "items": {"type": "string"}, "description": "Extension (PAT-4)."}
    }
  },
  "GroupedPermissions": {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}}
  },
  "UserCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["userName", "firstName", "lastName"],
    "properties": {
      "userName": {"type": "string"},
      "firstName": {"type": "string"},
      "lastName": {"type": "string"},
      "password": {"type": "string", "format": "password"},
      "temporaryPassword": {"type": "boolean"},
      "serviceAccount": {"type": "boolean"},
      "email": {"type": "string"},
      "tenants": {"type": "array", "items": {"type": "string"}},
      "roles": {"type": "array", "items": {"type": "string"}}
    }
  },
  "UserResponse": {
    "type": "object",
    "required": ["locator", "userName", "firstName", "lastName", "serviceAccount", "tenants"],
    "properties": {
      "locator": {"type": "string", "format": "uuid"},
      "userName": {"type": "string"},
      "firstName": {"type": "string"},
      "lastName": {"type": "string"},
      "email": {"type": "string"},
      "serviceAccount": {"type": "boolean"},
      "roles": {"type": "array", "items": {"type": "string"}},
      "tenants": {"type": "array", "items": {"type": "string"}},
      "permissions": {"type": "array", "items": {"type": "string"}},
      "enabled": {"type": "boolean", "description": "Extension."}
    }
  },
  "WhoAmIResponse": {
    "allOf": [{"$ref": "#/components/schemas/UserResponse"}],
    "type": "object",
    "required": ["authentication"],
    "properties": {
      "authentication": {"type": "object", "description": "Extension.", "required": ["method"],
        "properties": {"method": {"type": "string", "enum": ["jwt", "pat"]}, "tokenName": {"type": ["string", "null"]},
          "expiresAt": {"type": ["string", "null"], "format": "date-time"}}}
    }
  },
  "BasicUserResponse": {
    "type": "object",
    "required": ["locator", "userName"],
    "properties": {"locator": {"type": "string", "format": "uuid"}, "userName": {"type": "string"},
      "firstName": {"type": "string"}, "lastName": {"type": "string"}}
  },
  "UserUpdateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["firstName", "lastName", "tenants"],
    "properties": {"firstName": {"type": "string"}, "lastName": {"type": "string"},
      "tenants": {"type": "array", "items": {"type": "string"}}, "email": {"type": "string"},
      "roles": {"type": "array", "items": {"type": "string"}}}
  },
  "UserRolesUpdateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["addRoles", "removeRoles"],
    "properties": {"addRoles": {"type": "array", "items": {"type": "string"}},
      "removeRoles": {"type": "array", "items": {"type": "string"}}}
  },
  "UserTenantsAssignmentsUpdateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["addTenants", "removeTenants"],
    "properties": {"addTenants": {"type": "array", "items": {"type": "string"}},
      "removeTenants": {"type": "array", "items": {"type": "string"}}}
  },
  "UserListResponse": {
    "type": "object",
    "required": ["listCompleted", "items"],
    "properties": {"listCompleted": {"type": "boolean"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/UserResponse"}}}
  },
  "BasicUserListResponse": {
    "type": "object",
    "required": ["listCompleted", "items"],
    "properties": {"listCompleted": {"type": "boolean"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/BasicUserResponse"}}}
  },
  "RoleCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["name", "permissions", "description"],
    "properties": {"name": {"type": "string"}, "permissions": {"type": "array", "items": {"type": "string"}},
      "description": {"type": "string"}}
  },
  "RoleUpdateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["version", "name", "description", "addPermissions", "removePermissions"],
    "properties": {"version": {"type": "integer"}, "name": {"type": "string"}, "description": {"type": "string"},
      "addPermissions": {"type": "array", "items": {"type": "string"}},
      "removePermissions": {"type": "array", "items": {"type": "string"}}}
  },
  "RoleResponse": {
    "type": "object",
    "required": ["locator", "name", "description", "permissions", "version", "createdAt", "createdBy"],
    "properties": {"locator": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
      "permissions": {"type": "array", "items": {"type": "string"}}, "version": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string", "format": "uuid"},
      "builtIn": {"type": "boolean", "description": "Extension."}}
  },
  "CreateTenantRoleReq": {
    "type": "object",
    "additionalProperties": false,
    "required": ["permissions"],
    "properties": {"permissions": {"type": "array", "items": {"type": "string"}}, "description": {"type": "string"}}
  },
  "PatchTenantRoleReq": {
    "type": "object",
    "additionalProperties": false,
    "required": ["version", "addPermissions", "removePermissions"],
    "properties": {"version": {"type": "integer"}, "addPermissions": {"type": "array", "items": {"type": "string"}},
      "removePermissions": {"type": "array", "items": {"type": "string"}}, "description": {"type": "string"}}
  },
  "RoleListResponse": {
    "type": "object",
    "required": ["listCompleted", "items"],
    "properties": {"listCompleted": {"type": "boolean"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/RoleResponse"}}}
  },
  "TenantCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["name", "type"],
    "properties": {"name": {"type": "string"}, "type": {"type": "string", "enum": ["test", "production"]},
      "description": {"type": "string"}}
  },
  "TenantUpdateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["name", "description"],
    "properties": {"name": {"type": "string"}, "description": {"type": "string"}}
  },
  "TenantResponse": {
    "type": "object",
    "required": ["locator", "name", "type", "createdAt", "createdBy", "updatedAt", "businessAccount"],
    "properties": {"locator": {"type": "string", "format": "uuid"}, "name": {"type": "string"},
      "type": {"type": "string", "enum": ["test", "production", "retired", "deleted"]}, "description": {"type": "string"},
      "createdAt": {"type": "string", "format": "date-time"}, "createdBy": {"type": "string"},
      "updatedAt": {"type": "string", "format": "date-time"}, "businessAccount": {"type": "string"}}
  },
  "TenantListResponse": {
    "type": "object",
    "required": ["listCompleted", "items"],
    "properties": {"listCompleted": {"type": "boolean"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/TenantResponse"}}}
  },
  "IntrospectionRequest": {
    "type": "object",
    "required": ["token"],
    "properties": {"token": {"type": "string"}, "token_type_hint": {"type": "string"}}
  },
  "IntrospectionResponse": {
    "type": "object",
    "required": ["active"],
    "properties": {
      "active": {"type": "boolean"},
      "token_type": {"type": "string", "enum": ["access_token", "personal_access_token"]},
      "sub": {"type": "string"}, "username": {"type": "string"}, "ba": {"type": "string"}, "iss": {"type": "string"},
      "exp": {"type": "integer"}, "iat": {"type": "integer"}, "client_id": {"type": "string"}, "token_name": {"type": "string"},
      "permissions": {"type": "array", "items": {"type": "string"}},
      "tenants": {"type": "array", "items": {"type": "string"}},
      "allowed_networks": {"type": "array", "items": {"type": "string"}, "description": "Extension (PAT-12): present when the token may be used only from these CIDR blocks; apply them to the client address you see."}
    }
  },
  "LeakedTokensRequest": {
    "type": "array",
    "maxItems": 1000,
    "items": {"type": "string"},
    "description": "Token values found leaked (in a repository, a log, a paste)."
  },
  "LeakedTokensResponse": {
    "type": "object",
    "required": ["received", "revoked"],
    "properties": {"received": {"type": "integer"}, "revoked": {"type": "integer"}}
  },
  "PasswordPolicies": {
    "type": "object",
    "additionalProperties": false,
    "properties": {"digits": {"type": "integer"}, "forceExpiredPasswordChange": {"type": "integer"},
      "length": {"type": "integer"}, "lowercase": {"type": "integer"}, "maxLength": {"type": "integer"},
      "passwordHistory": {"type": "integer"}, "specialChars": {"type": "integer"}, "uppercase": {"type": "integer"}}
  },
  "PasswordPolicyResponse": {
    "type": "object",
    "required": ["passwordPolicies"],
    "properties": {"passwordPolicies": {"$ref": "#/components/schemas/PasswordPolicies"}}
  },
  "PasswordPolicyUpdateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["passwordPolicies"],
    "properties": {"passwordPolicies": {"$ref": "#/components/schemas/PasswordPolicies"}}
  },
  "PasswordChangeRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["userName", "currentPassword", "newPassword"],
    "properties": {
      "userName": {"type": "string"},
      "currentPassword": {"type": "string", "format": "password"},
      "newPassword": {"type": "string", "format": "password", "description": "Checked against the password policy and history."}
    }
  },
  "CredentialResponse": {
    "type": "object",
    "required": ["passwordEnabled", "temporaryPassword", "createdAt", "lastSessionStartAt", "lastSessionLastAccessAt"],
    "properties": {
      "passwordEnabled": {"type": "boolean"},
      "temporaryPassword": {"type": "boolean"},
      "createdAt": {"type": "string", "format": "date-time"},
      "lastSessionStartAt": {"type": ["string", "null"], "format": "date-time"},
      "lastSessionLastAccessAt": {"type": ["string", "null"], "format": "date-time", "description": "The last login or refresh."},
      "passwordChangedAt": {"type": ["string", "null"], "format": "date-time", "description": "Extension."},
      "passwordExpiresAt": {"type": ["string", "null"], "format": "date-time", "description": "Extension: when a login must first change the password."}
    }
  },
  "TokenPolicy": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "requireExpiry": {"type": "boolean", "description": "New tokens must have expiresAt."},
      "maxLifetimeDays": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650, "description": "New tokens expire within this many days; null: no bound."}
    }
  },
  "OIDCIdentityProviderCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["id", "displayName", "importConfigUrl", "clientId", "clientSecret"],
    "properties": {
      "id": {"type": "string", "pattern": "^[a-z0-9-]{1,63}$"},
      "displayName": {"type": "string"},
      "importConfigUrl": {"type": "string", "format": "uri", "description": "The provider's /.well-known/openid-configuration (https)."},
      "clientId": {"type": "string"},
      "clientSecret": {"type": "string", "format": "password", "description": "Stored encrypted; never returned."}
    }
  },
  "SAMLIdentityProviderCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["id", "displayName"],
    "properties": {
      "id": {"type": "string", "pattern": "^[a-z0-9-]{1,63}$"},
      "displayName": {"type": "string"},
      "singleSignOnServiceUrl": {"type": "string", "description": "Required unless the metadata names an HTTP-Redirect endpoint."},
      "metadataUrl": {"type": "string", "description": "Extension: the provider's SAML metadata (entity id, endpoint, signing certificate)."},
      "signingCertificate": {"type": "string", "description": "Extension: the provider's signing certificate (PEM or base64 DER)."}
    }
  },
  "SamlPost": {
    "type": "object",
    "required": ["SAMLResponse"],
    "properties": {"SAMLResponse": {"type": "string"}, "RelayState": {"type": "string"}}
  },
  "IdentityProviderResponse": {
    "type": "object",
    "required": ["id", "displayName", "type", "acsUrl", "callbackUrl", "entityId", "singleSignOnServiceUrl"],
    "properties": {
      "id": {"type": "string"},
      "displayName": {"type": "string"},
      "type": {"type": "string", "enum": ["oidc", "saml"]},
      "acsUrl": {"type": "string", "description": "SAML assertion consumer service URL (for the provider's setup)."},
      "callbackUrl": {"type": "string", "description": "OIDC redirect URI to register at the provider."},
      "entityId": {"type": "string"},
      "singleSignOnServiceUrl": {"type": "string"},
      "issuer": {"type": "string"},
      "clientId": {"type": "string"}
    }
  },
  "LoginProvider": {
    "type": "object",
    "required": ["id", "displayName", "type", "loginUrl"],
    "properties": {"id": {"type": "string"}, "displayName": {"type": "string"}, "type": {"type": "string"}, "loginUrl": {"type": "string"}}
  },
  "GrantableRights": {
    "type": "object",
    "required": ["permissions", "tenants", "limit"],
    "properties": {
      "permissions": {"type": "array", "items": {"type": "object", "required": ["group", "wildcard", "actions"],
        "properties": {"group": {"type": "string"}, "wildcard": {"type": "boolean", "description": "group.* is held"},
          "actions": {"type": "array", "items": {"type": "string"}}}}},
      "tenants": {"type": "array", "items": {"type": "object", "required": ["entry"],
        "properties": {"entry": {"type": "string", "description": "any, type:test, type:production or a tenant locator"},
          "name": {"type": "string"}, "type": {"type": "string"}}}},
      "limit": {"type": "integer", "description": "Your PAT limit."}
    }
  },
  "LimitRequestCreateRequest": {
    "type": "object",
    "additionalProperties": false,
    "required": ["requestedLimit", "reason"],
    "properties": {
      "requestedLimit": {"type": "integer", "minimum": 1, "maximum": 10},
      "reason": {"type": "string", "minLength": 1, "maxLength": 1000}
    }
  },
  "LimitRequestResponse": {
    "type": "object",
    "required": ["locator", "requestedLimit", "reason", "state", "createdAt", "decidedAt", "decisionNote"],
    "properties": {
      "locator": {"type": "string"},
      "requestedLimit": {"type": "integer"},
      "reason": {"type": "string"},
      "state": {"type": "string", "enum": ["pending", "approved", "denied"]},
      "createdAt": {"type": "string", "format": "date-time"},
      "decidedAt": {"type": ["string", "null"], "format": "date-time"},
      "decisionNote": {"type": "string"}
    }
  },
  "LimitRequestListResponse": {
    "type": "object",
    "required": ["limit", "items"],
    "properties": {
      "limit": {"type": "integer", "description": "Your current PAT limit."},
      "items": {"type": "array", "items": {"$ref": "#/components/schemas/LimitRequestResponse"}}
    }
  },
  "Event": {
    "type": "object",
    "required": ["locator", "timestamp", "type", "actor", "requestId", "clientAddress", "data"],
    "properties": {
      "locator": {"type": "string", "description": "ULID"},
      "timestamp": {"type": "string", "format": "date-time"},
      "type": {"type": "string", "examples": ["auth.token.create"]},
      "actor": {
        "type": "object",
        "required": ["locator", "method"],
        "properties": {
          "locator": {"type": "string"},
          "method": {"type": "string", "enum": ["password", "jwt", "pat", "operator", "anonymous", "session", "refresh_token", "internal"]},
          "tokenName": {"type": "string"}
        }
      },
      "requestId": {"type": "string"},
      "clientAddress": {"type": "string"},
      "data": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Never a secret."}
    }
  },
  "EventListResponse": {
    "type": "object",
    "required": ["listCompleted", "items", "pagingToken"],
    "properties": {
      "listCompleted": {"type": "boolean"},
      "items": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
      "pagingToken": {"type": ["string", "null"], "description": "Pass as pagingToken for the next page; null on the last."}
    }
  },
  "Health": {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"type": "string"}}
  },
  "OpenApiDocument": {
    "type": "object",
    "description": "An OpenAPI 3.1 document."
  }
})json")
                                                   .as_object();
    return schemas;
}

}  // namespace tessera::http
