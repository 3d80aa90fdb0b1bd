#include "store/sqlite/Migrations.h"

#include <string>

#include "store/SqlSchema.h"

namespace tessera::store::sqlite {
namespace {

using namespace schema;

constexpr Types kTypes{"INTEGER", "BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT", "(unixepoch())"};

// A table with the columns it was created with: each added later has an ALTER TABLE step.
std::string create(const Table& table) {
    return createTable(table, kTypes, Columns::AsFirstCreated);
}

}  // namespace

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string> steps = withStepsInCommon(
        {
            step({create(kBusinessAccounts), create(kTenants), create(kRoles), create(kUsers),
                  create(kTokens), kTokensByOwner, create(kSessions), create(kChangeLog)}),
            // 2: refresh-token reuse detection keeps the hashes a session rotated away from.
            step({"ALTER TABLE sessions ADD COLUMN retired_refresh_hashes TEXT NOT NULL DEFAULT "
                  "'[]';"}),
            // 3: per-tenant role permissions (ROLE-2).
            step({create(kTenantRolePermissions)}),
            // 4: a password policy per business account (JWT-3); empty means the defaults.
            step({"ALTER TABLE business_accounts ADD COLUMN password_policy TEXT NOT NULL DEFAULT "
                  "'';"}),
            // 5: password history, expiry and session times (JWT-3), a token policy per business
            // account, PAT-limit requests (PAT-6) and the append-only audit trail (AUD-1).
            step({"ALTER TABLE users ADD COLUMN credential_state TEXT NOT NULL DEFAULT '{}';",
                  "ALTER TABLE business_accounts ADD COLUMN token_policy TEXT NOT NULL DEFAULT '';",
                  create(kPatLimitRequests), kPatLimitRequestsByState, create(kAuditEvents),
                  kAuditEventsByAccount,
                  R"sql(CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;)sql"}),
            // 6: identity providers per business account (JWT-4); client secrets are sealed.
            step({create(kIdentityProviders)}),
            // 7: session times get columns of their own, so that a login updates only them and
            // never rewrites a user row another writer may have changed.
            step(
                {"ALTER TABLE users ADD COLUMN last_session_start_at INTEGER;",
                 "ALTER TABLE users ADD COLUMN last_session_access_at INTEGER;",
                 R"sql(UPDATE users SET last_session_start_at = json_extract(credential_state, '$.lastSessionStartAt'),
                 last_session_access_at = json_extract(credential_state, '$.lastSessionAccessAt');)sql"}),
            // 8: SSO identities linked to users on their first SSO login (JWT-5).
            step({"ALTER TABLE users ADD COLUMN sso_links TEXT NOT NULL DEFAULT '[]';"}),
            // 9: a revision per mutable row, checked by every write (optimistic concurrency across
            // writers: instances and operator commands).
            step({"ALTER TABLE business_accounts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;",
                  "ALTER TABLE tenants ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;",
                  "ALTER TABLE roles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;",
                  "ALTER TABLE users ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"}),
        },
        // 10 to 12: the steps in common (store/SqlSchema.h).
        kTypes);
    static const std::vector<std::string_view> all(steps.begin(), steps.end());
    return all;
}

}  // namespace tessera::store::sqlite
