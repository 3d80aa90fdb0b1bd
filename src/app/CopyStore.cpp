#include "app/CopyStore.h"

#include <array>
#include <filesystem>
#include <iostream>

#include "crypto/Ids.h"
#include "crypto/SecretBox.h"
#include "store/Columns.h"
#include "store/postgres/PgConnection.h"
#include "store/postgres/PgStore.h"
#include "store/sqlite/Sqlite.h"

namespace tessera::app {
namespace {

// Parents before children (foreign keys). Not copied: change_log (a new store starts its own),
// transient_state and attempt_counters (minutes-long login state), key_material (sealed again).
constexpr std::array kTables = {"business_accounts",
                                "tenants",
                                "roles",
                                "tenant_role_permissions",
                                "users",
                                "tokens",
                                "sessions",
                                "pat_limit_requests",
                                "audit_events",
                                "identity_providers"};

struct Column {
    std::string name;
    std::string type;  // PostgreSQL's data_type: text, bigint, integer, bytea
};

std::vector<Column> columnsOf(store::SqlConnection& target, const std::string& table) {
    std::vector<Column> out;
    auto query = target.prepare(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position");
    query->bind(1, table);
    while (query->step()) out.push_back({query->text(0), query->text(1)});
    if (out.empty()) throw std::runtime_error("the target has no table " + table);
    return out;
}

std::int64_t countRows(store::SqlConnection& db, const std::string& table) {
    auto query = db.prepare("SELECT count(*) FROM " + table);
    query->step();
    return query->integer(0);
}

// Copies one table row by row, the columns named by the target's schema.
std::int64_t copyTable(store::SqlConnection& source, store::SqlConnection& target,
                       const std::string& table) {
    auto columns = columnsOf(target, table);
    std::string names, placeholders;
    for (const auto& column : columns) {
        names += (names.empty() ? "" : ", ") + column.name;
        placeholders += placeholders.empty() ? "?" : ", ?";
    }
    auto rows = source.prepare("SELECT " + names + " FROM " + table);
    std::int64_t copied = 0;
    while (rows->step()) {
        auto insert = target.prepare("INSERT INTO " + table + " (" + names + ") VALUES (" +
                                     placeholders + ")");
        for (int i = 0; i < int(columns.size()); ++i) {
            const auto& type = columns[size_t(i)].type;
            if (rows->isNull(i)) {
                insert->bindNull(i + 1);
            } else if (type == "bytea") {
                auto bytes = rows->blob(i);
                insert->bindBlob(
                    i + 1,
                    std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
            } else if (type == "bigint" || type == "integer") {
                insert->bind(i + 1, rows->integer(i));
            } else {
                insert->bind(i + 1, rows->text(i));
            }
        }
        insert->run();
        ++copied;
    }
    return copied;
}

}  // namespace

void copyStore(const std::string& fromDir, const std::string& sourceMasterKeyFile,
               const std::string& toUrl, const std::string& targetMasterKeyFile,
               crypto::Random& random) {
    if (targetMasterKeyFile.empty())
        throw std::runtime_error("--master-key-file names the target's master key (required)");
    if (!std::filesystem::exists(std::filesystem::path(fromDir) / "tessera.db"))
        throw std::runtime_error("--from " + fromDir + " holds no Tessera store (tessera.db)");
    auto origin = "copy-" + crypto::newUlid(random, std::chrono::system_clock::now());
    // The source opened as a server would: migrated to this version, its keys unsealed.
    auto sourceKey = sourceMasterKeyFile.empty()
                         ? (std::filesystem::path(fromDir) / "master-key").string()
                         : sourceMasterKeyFile;
    if (!std::filesystem::exists(sourceKey)) {
        throw std::runtime_error("the source's master key " + sourceKey +
                                 " does not exist; name it with --from-master-key-file");
    }
    auto source = openDeployment({fromDir, "", sourceKey}, random, origin);
    bool committed = false;
    try {
        // Migrates the target to this version; then it must be empty.
        store::postgres::PgStore migrated(toUrl, origin, 1);
        store::postgres::PgConnection target(toUrl);
        for (std::string table : {"business_accounts", "users", "key_material", "audit_events"}) {
            if (countRows(target, table) != 0)
                throw std::runtime_error("the target database is not empty (" + table +
                                         " has rows); copy-store only fills an empty one");
        }
        crypto::SecretBox master(readMasterKeyFile(targetMasterKeyFile));
        store::sqlite::Database from(fromDir + "/tessera.db");

        std::vector<std::pair<std::string, std::int64_t>> copied;
        store::SqlTransaction transaction(target, "BEGIN");
        for (std::string table : kTables)
            copied.emplace_back(table, copyTable(from, target, table));
        auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        auto putKey = [&](const std::string& name, std::string_view value,
                          domain::Timestamp createdAt) {
            target.prepare("INSERT INTO key_material (name, sealed, created_at) VALUES (?, ?, ?)")
                ->bind(1, name)
                .bind(2, master.seal(value))
                .bind(3, store::seconds(createdAt))
                .run();
        };
        putKey("token-pepper",
               std::string_view(reinterpret_cast<const char*>(source.pepper.data()),
                                source.pepper.size()),
               now);
        putKey("secrets-key",
               std::string_view(reinterpret_cast<const char*>(source.secretsKey.data()),
                                source.secretsKey.size()),
               now);
        putKey("signing-key", source.signingKey->privatePem(), now);
        for (const auto& [key, retiredAt] : source.retiredKeys)
            putKey("retired-signing-key/" + key->kid(), key->privatePem(), retiredAt);
        transaction.commit();
        committed = true;

        for (const auto& [table, count] : copied) {
            auto inSource = countRows(from, table);
            auto inTarget = countRows(target, table);
            if (inSource != count || inTarget != count) {
                throw std::runtime_error(
                    "the copy of " + table + " does not match: " + std::to_string(inSource) +
                    " rows in the source, " + std::to_string(inTarget) + " in the target");
            }
            std::cout << table << ": " << count << " row(s)\n";
        }
        std::cout << "key material: sealed under " << targetMasterKeyFile << "\n"
                  << "copied and verified; start the instances with --store and this "
                     "--master-key-file\n";
    } catch (const store::SqlFailure& failure) {
        throw std::runtime_error(std::string("copy-store failed") +
                                 (committed ? " after the commit: " : ", nothing was copied: ") +
                                 failure.what());
    }
}

}  // namespace tessera::app
