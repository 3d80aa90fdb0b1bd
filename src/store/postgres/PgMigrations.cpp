#include "store/postgres/PgMigrations.h"

#include <string>

#include "store/SqlSchema.h"

namespace tessera::store::postgres {
namespace {

using namespace schema;

constexpr Types kTypes{"BIGINT", "BYTEA", "BIGSERIAL PRIMARY KEY",
                       "extract(epoch FROM now())::BIGINT"};

std::string create(const Table& table) {
    return createTable(table, kTypes, Columns::All);
}

}  // namespace

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string> steps = withStepsInCommon(
        {
            // 1: everything SQLite's versions 1 to 9 hold. Times are seconds since the epoch, lists
            // JSON text, as in SQLite, so that the row codecs are shared.
            step(
                {"CREATE TABLE tessera_schema (version INTEGER NOT NULL);",
                 create(kBusinessAccounts), create(kTenants), create(kRoles), create(kUsers),
                 create(kTokens), kTokensByOwner, create(kSessions), create(kChangeLog),
                 create(kTenantRolePermissions), create(kPatLimitRequests),
                 kPatLimitRequestsByState, create(kAuditEvents), kAuditEventsByAccount,
                 R"sql(CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();)sql",
                 create(kIdentityProviders)}),
        },
        // 2 to 4: the steps in common (store/SqlSchema.h).
        kTypes);
    static const std::vector<std::string_view> all(steps.begin(), steps.end());
    return all;
}

}  // namespace tessera::store::postgres
