#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::store::schema {

// The tables SQLite and PostgreSQL both hold, written once; each dialect's migrations
// (sqlite/Migrations.cpp, postgres/PgMigrations.cpp) put them together into its own steps.
// Released steps are made of these texts: never edit one (a database migrated by an earlier
// binary must stay identical to one migrated by this one); change a table in a new step.

// What the dialects write differently in these tables: `$INT` stands for a 64-bit integer
// column, `$BLOB` for bytes, `$SEQUENCE` for the change log's increasing key and `$NOW` for a
// default of the current time in seconds since the epoch.
struct Types {
    std::string_view integer;
    std::string_view blob;
    std::string_view sequence;
    std::string_view now;
};

// A table as CREATE TABLE writes it: `columns` those it was first created with, `later` those
// added since (SQLite's later steps add each with ALTER TABLE; PostgreSQL's schema starts where
// SQLite's ninth step left it, so its tables are created with them), then `constraints`.
// Columns added after that, in the steps both dialects share, are in neither list. Each
// is lines of the statement, one a line, comma-separated, between a leading and a trailing
// newline.
struct Table {
    std::string_view name;
    std::string_view columns;
    std::string_view later = {};
    std::string_view constraints = {};
};

enum class Columns { AsFirstCreated, All };

// The CREATE TABLE statement in the dialect's types.
std::string createTable(const Table& table, const Types& types, Columns columns);

// A migration step's text: the statements, one after another, a line each.
std::string step(std::initializer_list<std::string_view> statements);

// `first`, a dialect's own steps, then the steps both dialects take in the same order since
// each had every table before them (SQLite's from its tenth, PostgreSQL's from its second): key
// material, short-lived state, one index less. A new step goes at their end.
std::vector<std::string> withStepsInCommon(std::vector<std::string> first, const Types& types);

extern const Table kBusinessAccounts;
extern const Table kTenants;
extern const Table kRoles;
extern const Table kUsers;
extern const Table kTokens;
extern const Table kSessions;
extern const Table kChangeLog;
extern const Table kTenantRolePermissions;  // ROLE-2
extern const Table kPatLimitRequests;       // PAT-6
extern const Table kAuditEvents;            // AUD-1; the append-only trigger is the dialect's
extern const Table kIdentityProviders;      // JWT-4
extern const Table kKeyMaterial;
extern const Table kTransientState;
extern const Table kAttemptCounters;
extern const Table kWebhookEndpoints;   // AUD-2
extern const Table kWebhookMessages;    // AUD-2: the outbox
extern const Table kWebhookDeliveries;  // AUD-2: a message to one endpoint
extern const Table kWebhookAttempts;    // AUD-2: the delivery log

inline constexpr std::string_view kTokensByOwner = "CREATE INDEX tokens_by_owner ON tokens(owner);";
inline constexpr std::string_view kPatLimitRequestsByState =
    "CREATE INDEX pat_limit_requests_by_state ON pat_limit_requests(state, locator);";
inline constexpr std::string_view kAuditEventsByAccount =
    "CREATE INDEX audit_events_by_account ON audit_events(business_account, locator);";

}  // namespace tessera::store::schema
