#include "store/SqlSchema.h"

namespace tessera::store::schema {
namespace {

// The lines between the block's leading and trailing newline.
std::string_view lines(std::string_view block) {
    if (block.starts_with('\n')) block.remove_prefix(1);
    if (block.ends_with('\n')) block.remove_suffix(1);
    return block;
}

void replaceAll(std::string& text, std::string_view placeholder, std::string_view value) {
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
        text.replace(at, placeholder.size(), value);
    }
}

}  // namespace

std::string createTable(const Table& table, const Types& types, Columns columns) {
    std::string out = "CREATE TABLE " + std::string(table.name) + " (\n";
    out += lines(table.columns);
    if (columns == Columns::All && !table.later.empty()) (out += ",\n") += lines(table.later);
    if (!table.constraints.empty()) (out += ",\n") += lines(table.constraints);
    out += "\n);";
    replaceAll(out, "$INT", types.integer);
    replaceAll(out, "$BLOB", types.blob);
    replaceAll(out, "$SEQUENCE", types.sequence);
    replaceAll(out, "$NOW", types.now);
    return out;
}

std::string step(std::initializer_list<std::string_view> statements) {
    std::string out = "\n";
    for (auto statement : statements) (out += statement) += "\n";
    return out;
}

std::vector<std::string> withStepsInCommon(std::vector<std::string> first, const Types& types) {
    auto create = [&types](const Table& table) { return createTable(table, types, Columns::All); };
    // Key material shared by every instance, sealed with the master key.
    first.push_back(step({create(kKeyMaterial)}));
    // Short-lived state every instance shares: SSO logins under way, one-time codes, the SAML
    // replay guard, login-failure counters and rate limits.
    first.push_back(step({create(kTransientState), create(kAttemptCounters)}));
    // The UNIQUE (owner, name) index already serves lookups by owner; a second index on owner
    // only cost every token write a page.
    first.push_back(step({"DROP INDEX tokens_by_owner;"}));
    // PAT-12: the networks a token may be used from, a JSON list of CIDR blocks ('[]': any).
    first.push_back(
        step({"ALTER TABLE tokens ADD COLUMN allowed_networks TEXT NOT NULL DEFAULT '[]';"}));
    // AUD-2: webhook endpoints, the outbox and the delivery log; expiry notices read tokens by
    // expiry, due deliveries by time.
    first.push_back(
        step({create(kWebhookEndpoints), create(kWebhookMessages), create(kWebhookDeliveries),
              create(kWebhookAttempts), "CREATE INDEX tokens_by_expiry ON tokens(expires_at);",
              "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, "
              "next_attempt_at);",
              "CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts(endpoint, "
              "locator);",
              "CREATE INDEX webhook_messages_by_age ON webhook_messages(created_at);"}));
    return first;
}

constinit const Table kBusinessAccounts{"business_accounts", R"sql(
    name TEXT PRIMARY KEY,
    pat_limit $INT NOT NULL,
    created_at $INT NOT NULL
)sql",
                                        R"sql(
    password_policy TEXT NOT NULL DEFAULT '',
    token_policy TEXT NOT NULL DEFAULT '',
    revision $INT NOT NULL DEFAULT 1
)sql"};

constinit const Table kTenants{"tenants", R"sql(
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('test', 'production', 'retired', 'deleted')),
    description TEXT NOT NULL,
    created_at $INT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at $INT NOT NULL
)sql",
                               R"sql(
    revision $INT NOT NULL DEFAULT 1
)sql"};

constinit const Table kRoles{"roles", R"sql(
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    permissions TEXT NOT NULL,
    version $INT NOT NULL,
    created_at $INT NOT NULL,
    created_by TEXT NOT NULL
)sql",
                             R"sql(
    revision $INT NOT NULL DEFAULT 1
)sql",
                             R"sql(
    UNIQUE (business_account, name)
)sql"};

constinit const Table kUsers{"users", R"sql(
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    user_name TEXT NOT NULL,
    user_name_key TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    service_account $INT NOT NULL,
    enabled $INT NOT NULL,
    roles TEXT NOT NULL,
    tenants TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    pat_limit $INT,
    created_at $INT NOT NULL
)sql",
                             R"sql(
    credential_state TEXT NOT NULL DEFAULT '{}',
    last_session_start_at $INT,
    last_session_access_at $INT,
    sso_links TEXT NOT NULL DEFAULT '[]',
    revision $INT NOT NULL DEFAULT 1
)sql",
                             R"sql(
    UNIQUE (business_account, user_name_key)
)sql"};

constinit const Table kTokens{"tokens",
                              R"sql(
    locator TEXT PRIMARY KEY,
    owner TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    name TEXT NOT NULL,
    permissions TEXT NOT NULL,
    tenants TEXT NOT NULL,
    created_at $INT NOT NULL,
    expires_at $INT,
    origin TEXT NOT NULL,
    secret_hash $BLOB NOT NULL UNIQUE,
    last_used_at $INT,
    last_used_ip TEXT NOT NULL DEFAULT ''
)sql",
                              {},
                              R"sql(
    UNIQUE (owner, name)
)sql"};

constinit const Table kSessions{"sessions", R"sql(
    id TEXT PRIMARY KEY,
    user_locator TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    business_account TEXT NOT NULL,
    refresh_hash $BLOB NOT NULL UNIQUE,
    created_at $INT NOT NULL,
    refresh_expires_at $INT NOT NULL
)sql",
                                R"sql(
    retired_refresh_hashes TEXT NOT NULL DEFAULT '[]'
)sql"};

constinit const Table kChangeLog{"change_log", R"sql(
    sequence $SEQUENCE,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    origin TEXT NOT NULL,
    at $INT NOT NULL DEFAULT $NOW
)sql"};

constinit const Table kTenantRolePermissions{"tenant_role_permissions",
                                             R"sql(
    role_locator TEXT NOT NULL REFERENCES roles(locator) ON DELETE CASCADE,
    tenant_locator TEXT NOT NULL REFERENCES tenants(locator),
    permissions TEXT NOT NULL,
    description TEXT NOT NULL,
    version $INT NOT NULL,
    created_at $INT NOT NULL,
    created_by TEXT NOT NULL
)sql",
                                             {},
                                             R"sql(
    PRIMARY KEY (role_locator, tenant_locator)
)sql"};

constinit const Table kPatLimitRequests{"pat_limit_requests", R"sql(
    locator TEXT PRIMARY KEY,
    user_locator TEXT NOT NULL REFERENCES users(locator) ON DELETE CASCADE,
    business_account TEXT NOT NULL,
    requested_limit $INT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    created_at $INT NOT NULL,
    decided_at $INT,
    decided_by TEXT NOT NULL DEFAULT '',
    decision_note TEXT NOT NULL DEFAULT ''
)sql"};

constinit const Table kAuditEvents{"audit_events", R"sql(
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL,
    at $INT NOT NULL,
    type TEXT NOT NULL,
    actor_locator TEXT NOT NULL,
    actor_method TEXT NOT NULL,
    actor_token_name TEXT NOT NULL,
    request_id TEXT NOT NULL,
    client_address TEXT NOT NULL,
    data TEXT NOT NULL
)sql"};

constinit const Table kIdentityProviders{"identity_providers",
                                         R"sql(
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    id TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('oidc', 'saml')),
    display_name TEXT NOT NULL,
    created_at $INT NOT NULL,
    config TEXT NOT NULL
)sql",
                                         {},
                                         R"sql(
    PRIMARY KEY (business_account, id)
)sql"};

constinit const Table kKeyMaterial{"key_material", R"sql(
    name TEXT PRIMARY KEY,
    sealed TEXT NOT NULL,
    created_at $INT NOT NULL
)sql"};

constinit const Table kTransientState{"transient_state",
                                      R"sql(
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at $INT NOT NULL
)sql",
                                      {},
                                      R"sql(
    PRIMARY KEY (kind, key)
)sql"};

constinit const Table kAttemptCounters{"attempt_counters",
                                       R"sql(
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    count $INT NOT NULL,
    since $INT NOT NULL,
    locked_until $INT NOT NULL
)sql",
                                       {},
                                       R"sql(
    PRIMARY KEY (kind, key)
)sql"};

constinit const Table kWebhookEndpoints{"webhook_endpoints", R"sql(
    locator TEXT PRIMARY KEY,
    business_account TEXT NOT NULL REFERENCES business_accounts(name),
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    event_types TEXT NOT NULL,
    secrets TEXT NOT NULL,
    enabled $INT NOT NULL,
    disabled_reason TEXT NOT NULL,
    failing_since $INT,
    created_at $INT NOT NULL,
    created_by TEXT NOT NULL,
    revision $INT NOT NULL
)sql"};

constinit const Table kWebhookMessages{"webhook_messages", R"sql(
    id TEXT PRIMARY KEY,
    business_account TEXT NOT NULL,
    type TEXT NOT NULL,
    created_at $INT NOT NULL,
    payload TEXT NOT NULL
)sql"};

constinit const Table kWebhookDeliveries{"webhook_deliveries",
                                         R"sql(
    message_id TEXT NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL REFERENCES webhook_endpoints(locator) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts $INT NOT NULL,
    next_attempt_at $INT NOT NULL,
    lease_owner TEXT NOT NULL,
    lease_until $INT NOT NULL
)sql",
                                         {},
                                         R"sql(
    PRIMARY KEY (message_id, endpoint)
)sql"};

constinit const Table kWebhookAttempts{"webhook_attempts", R"sql(
    locator TEXT PRIMARY KEY,
    endpoint TEXT NOT NULL REFERENCES webhook_endpoints(locator) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    type TEXT NOT NULL,
    attempt $INT NOT NULL,
    at $INT NOT NULL,
    status $INT NOT NULL,
    latency_ms $INT NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT NOT NULL,
    next_attempt_at $INT NOT NULL
)sql"};

}  // namespace tessera::store::schema
