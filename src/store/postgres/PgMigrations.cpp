#include "store/postgres/PgMigrations.h"

namespace tessera::store::postgres {

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> all = {
        // 1: everything SQLite's versions 1 to 9 hold. Times are seconds since the epoch, lists
        // JSON text, as in SQLite, so that the row codecs are shared.
        R"sql(
CREATE TABLE tessera_schema (version INTEGER NOT NULL);
CREATE TABLE business_accounts (
    name TEXT PRIMARY KEY,
    pat_limit BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    password_policy TEXT NOT NULL DEFAULT '',
    token_policy TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE tenants (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('test', 'production', 'retired', 'deleted')),
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE roles (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    permissions TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
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
    service_account BIGINT NOT NULL,
    enabled BIGINT NOT NULL,
    roles TEXT NOT NULL,
    tenants TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    pat_limit BIGINT,
    created_at BIGINT NOT NULL,
    credential_state TEXT NOT NULL DEFAULT '{}',
    last_session_start_at BIGINT,
    last_session_access_at BIGINT,
    sso_links TEXT NOT NULL DEFAULT '[]',
    revision BIGINT NOT NULL DEFAULT 1,
    UNIQUE (business_account, user_name_key)
);
CREATE TABLE tokens (
    locator TEXT PRIMARY KEY,
    owner TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    name TEXT NOT NULL,
    permissions TEXT NOT NULL,
    tenants TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    origin TEXT NOT NULL,
    secret_hash BYTEA NOT NULL UNIQUE,
    last_used_at BIGINT,
    last_used_ip TEXT NOT NULL DEFAULT '',
    UNIQUE (owner, name)
);
CREATE INDEX tokens_by_owner ON tokens(owner);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_locator TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    business_account TEXT NOT NULL,
    refresh_hash BYTEA NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    refresh_expires_at BIGINT NOT NULL,
    retired_refresh_hashes TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE change_log (
    sequence BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    origin TEXT NOT NULL,
    at BIGINT NOT NULL DEFAULT extract(epoch FROM now())::BIGINT
);
CREATE TABLE tenant_role_permissions (
    role_locator TEXT NOT NULL REFERENCES roles(locator) ON DELETE CASCADE,
    tenant_locator TEXT NOT NULL REFERENCES tenants(locator),
    permissions TEXT NOT NULL,
    description TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (role_locator, tenant_locator)
);
CREATE TABLE pat_limit_requests (
    locator TEXT PRIMARY KEY,
    user_locator TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    business_account TEXT NOT NULL,
    requested_limit BIGINT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT NOT NULL DEFAULT '',
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pat_limit_requests_by_state ON pat_limit_requests(state, locator);
CREATE TABLE audit_events (
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL,
    at BIGINT NOT NULL,
    type TEXT NOT NULL,
    actor_locator TEXT NOT NULL,
    actor_method TEXT NOT NULL,
    actor_token_name TEXT NOT NULL,
    request_id TEXT NOT NULL,
    client_address TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX audit_events_by_account ON audit_events(business_account, locator);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TABLE identity_providers (
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    id TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('oidc', 'saml')),
    display_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    config TEXT NOT NULL,
    PRIMARY KEY (business_account, id)
);
)sql",
        // 2: key material shared by every instance, sealed with the master key.
        R"sql(
CREATE TABLE key_material (
    name TEXT PRIMARY KEY,
    sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
)sql",
        // 3: short-lived state every instance shares: SSO logins under way, one-time codes, the
        // SAML replay guard, login-failure counters and rate limits.
        R"sql(
CREATE TABLE transient_state (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE attempt_counters (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    count BIGINT NOT NULL,
    since BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (kind, key)
);
)sql",
        // 4: the UNIQUE (owner, name) index already serves lookups by owner; a second index on
        // owner only cost every token write a page.
        R"sql(
DROP INDEX tokens_by_owner;
)sql",
    };
    return all;
}

}  // namespace tessera::store::postgres
