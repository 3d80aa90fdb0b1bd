// `tessera admin check-store`, the part the database answers: orphan rows and the change log.
#include "store/SqlStore.h"

namespace tessera::store {
namespace {

struct OrphanQuery {
    std::string_view what;
    std::string_view sql;  // selects a key of each row without its parent
};

constexpr OrphanQuery kOrphans[] = {
    {"tenant without its business account",
     "SELECT c.locator FROM tenants c LEFT JOIN business_accounts p "
     "ON p.name = c.business_account WHERE p.name IS NULL"},
    {"role without its business account",
     "SELECT c.locator FROM roles c LEFT JOIN business_accounts p "
     "ON p.name = c.business_account WHERE p.name IS NULL"},
    {"user without its business account",
     "SELECT c.locator FROM users c LEFT JOIN business_accounts p "
     "ON p.name = c.business_account WHERE p.name IS NULL"},
    {"token without its owner",
     "SELECT c.locator FROM tokens c LEFT JOIN users p ON p.locator = c.owner "
     "WHERE p.locator IS NULL"},
    {"session without its user",
     "SELECT c.id FROM sessions c LEFT JOIN users p ON p.locator = c.user_locator "
     "WHERE p.locator IS NULL"},
    {"tenant permissions without their role",
     "SELECT c.role_locator FROM tenant_role_permissions c LEFT JOIN roles p "
     "ON p.locator = c.role_locator WHERE p.locator IS NULL"},
    {"tenant permissions without their tenant",
     "SELECT c.tenant_locator FROM tenant_role_permissions c LEFT JOIN tenants p "
     "ON p.locator = c.tenant_locator WHERE p.locator IS NULL"},
    {"PAT-limit request without its user",
     "SELECT c.locator FROM pat_limit_requests c LEFT JOIN users p "
     "ON p.locator = c.user_locator WHERE p.locator IS NULL"},
    {"identity provider without its business account",
     "SELECT c.id FROM identity_providers c LEFT JOIN business_accounts p "
     "ON p.name = c.business_account WHERE p.name IS NULL"},
};

}  // namespace

Result<std::vector<std::string>> SqlStore::findInconsistencies() {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        SqlTransaction snapshot(db, dialect_.beginSnapshot);
        for (const auto& orphan : kOrphans) {
            for (auto q = db.prepare(orphan.sql); q->step();)
                out.push_back(std::string(orphan.what) + ": " + q->text(0));
        }
        auto log = db.prepare(
            "SELECT count(*), coalesce(min(sequence), 0), coalesce(max(sequence), 0) "
            "FROM change_log");
        log->step();
        auto count = log->integer(0), first = log->integer(1), last = log->integer(2);
        if (count > 0 && first < 1)
            out.push_back("change log: a sequence number below 1 (" + std::to_string(first) + ")");
        if (dialect_.gaplessChangeLog && count > 0 && (first != 1 || last - first + 1 != count)) {
            out.push_back("change log: " + std::to_string(count) + " entries numbered " +
                          std::to_string(first) + " to " + std::to_string(last) +
                          " (numbers are missing)");
        }
        auto unknown = db.prepare(
            "SELECT sequence, entity FROM change_log WHERE entity NOT IN ('business_account', "
            "'tenant', 'role', 'user', 'user_session', 'token', 'session', 'key_material') "
            "ORDER BY sequence LIMIT 10");
        while (unknown->step()) {
            out.push_back("change log: entry " + std::to_string(unknown->integer(0)) +
                          " names an unknown entity '" + unknown->text(1) + "'");
        }
        snapshot.commit();
        return out;
    });
}

}  // namespace tessera::store
