#include "store/sqlite/Migrations.h"

namespace tessera::store::sqlite {

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> all = {
        R"sql(
CREATE TABLE business_accounts (
    name TEXT PRIMARY KEY,
    pat_limit INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE tenants (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('test', 'production', 'retired', 'deleted')),
    description TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE roles (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    permissions TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (business_account, name)
);
CREATE TABLE users (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    user_name TEXT NOT NULL,
    user_name_key TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    service_account INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    roles TEXT NOT NULL,
    tenants TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    pat_limit INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (business_account, user_name_key)
);
CREATE TABLE tokens (
    locator TEXT PRIMARY KEY,
    owner TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    name TEXT NOT NULL,
    permissions TEXT NOT NULL,
    tenants TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    origin TEXT NOT NULL,
    secret_hash BLOB NOT NULL UNIQUE,
    last_used_at INTEGER,
    last_used_ip TEXT NOT NULL DEFAULT '',
    UNIQUE (owner, name)
);
CREATE INDEX tokens_by_owner ON tokens(owner);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_locator TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    business_account TEXT NOT NULL,
    refresh_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    refresh_expires_at INTEGER NOT NULL
);
CREATE TABLE change_log (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    origin TEXT NOT NULL,
    at INTEGER NOT NULL DEFAULT (unixepoch())
);
)sql",
        // 2: refresh-token reuse detection keeps the hashes a session rotated away from.
        R"sql(
ALTER TABLE sessions ADD COLUMN retired_refresh_hashes TEXT NOT NULL DEFAULT '[]';
)sql",
        // 3: per-tenant role permissions (ROLE-2).
        R"sql(
CREATE TABLE tenant_role_permissions (
    role_locator TEXT NOT NULL REFERENCES roles(locator) ON DELETE CASCADE,
    tenant_locator TEXT NOT NULL REFERENCES tenants(locator),
    permissions TEXT NOT NULL,
    description TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (role_locator, tenant_locator)
);
)sql",
        // 4: a password policy per business account (JWT-3); empty means the defaults.
        R"sql(
ALTER TABLE business_accounts ADD COLUMN password_policy TEXT NOT NULL DEFAULT '';
)sql",
        // 5: password history, expiry and session times (JWT-3), a token policy per business
        // account, PAT-limit requests (PAT-6) and the append-only audit trail (AUD-1).
        R"sql(
ALTER TABLE users ADD COLUMN credential_state TEXT NOT NULL DEFAULT '{}';
ALTER TABLE business_accounts ADD COLUMN token_policy TEXT NOT NULL DEFAULT '';
CREATE TABLE pat_limit_requests (
    locator TEXT PRIMARY KEY,
    user_locator TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    business_account TEXT NOT NULL,
    requested_limit INTEGER NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by TEXT NOT NULL DEFAULT '',
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pat_limit_requests_by_state ON pat_limit_requests(state, locator);
CREATE TABLE audit_events (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_locator TEXT NOT NULL,
    actor_method TEXT NOT NULL,
    actor_token_name TEXT NOT NULL,
    request_id TEXT NOT NULL,
    client_address TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX audit_events_by_account ON audit_events(business_account, locator);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
)sql",
        // 6: identity providers per business account (JWT-4); client secrets are sealed.
        R"sql(
CREATE TABLE identity_providers (
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    id TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('oidc', 'saml')),
    display_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    config TEXT NOT NULL,
    PRIMARY KEY (business_account, id)
);
)sql",
        // 7: session times get columns of their own, so that a login updates only them and never
        // rewrites a user row another writer may have changed.
        R"sql(
ALTER TABLE users ADD COLUMN last_session_start_at INTEGER;
ALTER TABLE users ADD COLUMN last_session_access_at INTEGER;
UPDATE users SET last_session_start_at = json_extract(credential_state, '$.lastSessionStartAt'),
                 last_session_access_at = json_extract(credential_state, '$.lastSessionAccessAt');
)sql",
        // 8: SSO identities linked to users on their first SSO login (JWT-5).
        R"sql(
ALTER TABLE users ADD COLUMN sso_links TEXT NOT NULL DEFAULT '[]';
)sql",
        // 9: a revision per mutable row, checked by every write (optimistic concurrency across
        // writers: instances and operator commands).
        R"sql(
ALTER TABLE business_accounts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE roles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
)sql",
        // 10: key material shared by every process on the store, sealed with the master key.
        R"sql(
CREATE TABLE key_material (
    name TEXT PRIMARY KEY,
    sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
)sql",
        // 11: short-lived state every instance shares: SSO logins under way, one-time codes, the
        // SAML replay guard, login-failure counters and rate limits.
        R"sql(
CREATE TABLE transient_state (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE attempt_counters (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    since INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
)sql",
        // 12: the UNIQUE (owner, name) index already serves lookups by owner; a second index on
        // owner only cost every token write a page.
        R"sql(
DROP INDEX tokens_by_owner;
)sql",
    };
    return all;
}

}  // namespace tessera::store::sqlite
