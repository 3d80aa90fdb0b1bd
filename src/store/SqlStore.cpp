#include "store/SqlStore.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <unordered_map>

#include "crypto/Base64Url.h"
#include "store/Columns.h"

#include <cstdio>

namespace tessera::store {
namespace {

using namespace tessera::domain;

std::vector<std::string> retiredHexes(const Session& session) {
    std::vector<std::string> out;
    for (const auto& digest : session.retiredRefreshHashes)
        out.push_back(crypto::hexEncode(digest));
    return out;
}

std::optional<SecretDigest> digestFromHex(const std::string& hex) {
    if (hex.size() != 64) return std::nullopt;
    SecretDigest digest{};
    for (size_t i = 0; i < digest.size(); ++i) {
        unsigned value = 0;
        if (std::sscanf(hex.c_str() + 2 * i, "%2x", &value) != 1) return std::nullopt;
        digest[i] = std::uint8_t(value);
    }
    return digest;
}

SecretDigest digestFrom(const std::string& blob) {
    SecretDigest digest{};
    std::copy_n(blob.begin(), std::min(blob.size(), digest.size()), digest.begin());
    return digest;
}

constexpr std::string_view kSelectBusinessAccount =
    "SELECT name, pat_limit, created_at, password_policy, token_policy, revision FROM "
    "business_accounts";
constexpr std::string_view kSelectTenant =
    "SELECT locator, business_account, name, type, description, created_at, created_by, "
    "updated_at, revision FROM tenants";
constexpr std::string_view kSelectRole =
    "SELECT locator, business_account, name, description, permissions, version, created_at, "
    "created_by, revision FROM roles";
constexpr std::string_view kSelectUser =
    "SELECT locator, business_account, user_name, first_name, last_name, email, service_account, "
    "enabled, roles, tenants, password_hash, pat_limit, created_at, credential_state, "
    "last_session_start_at, last_session_access_at, sso_links, revision FROM users";
constexpr std::string_view kSelectToken =
    "SELECT locator, owner, name, permissions, tenants, created_at, expires_at, origin, "
    "secret_hash, last_used_at, last_used_ip FROM tokens";
constexpr std::string_view kSelectSession =
    "SELECT id, user_locator, business_account, refresh_hash, created_at, refresh_expires_at, "
    "retired_refresh_hashes FROM sessions";

// The policy as a JSON object with Socotra's field names; empty or missing fields: defaults.
std::string encodePolicy(const PasswordPolicy& policy) {
    boost::json::object out{{"length", policy.minLength},
                            {"maxLength", policy.maxLength},
                            {"uppercase", policy.uppercase},
                            {"lowercase", policy.lowercase},
                            {"digits", policy.digits},
                            {"specialChars", policy.specialChars},
                            {"passwordHistory", policy.passwordHistory},
                            {"forceExpiredPasswordChange", policy.forceExpiredPasswordChange}};
    return boost::json::serialize(out);
}

PasswordPolicy decodePolicy(const std::string& text) {
    PasswordPolicy policy;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec || !value.is_object()) return policy;
    auto read = [&](const char* name, int& field) {
        if (auto found = value.as_object().if_contains(name); found && found->is_int64())
            field = int(found->as_int64());
    };
    read("length", policy.minLength);
    read("maxLength", policy.maxLength);
    read("uppercase", policy.uppercase);
    read("lowercase", policy.lowercase);
    read("digits", policy.digits);
    read("specialChars", policy.specialChars);
    read("passwordHistory", policy.passwordHistory);
    read("forceExpiredPasswordChange", policy.forceExpiredPasswordChange);
    return policy;
}

std::string encodeTokenPolicy(const TokenPolicy& policy) {
    boost::json::object out{{"requireExpiry", policy.requireExpiry}};
    if (policy.maxLifetimeDays) out["maxLifetimeDays"] = *policy.maxLifetimeDays;
    return boost::json::serialize(out);
}

TokenPolicy decodeTokenPolicy(const std::string& text) {
    TokenPolicy policy;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec || !value.is_object()) return policy;
    const auto& object = value.as_object();
    if (auto found = object.if_contains("requireExpiry"); found && found->is_bool())
        policy.requireExpiry = found->as_bool();
    if (auto found = object.if_contains("maxLifetimeDays"); found && found->is_int64())
        policy.maxLifetimeDays = int(found->as_int64());
    return policy;
}

std::string encodeCredentials(const CredentialState& state) {
    boost::json::object out{{"previous", boost::json::value_from(state.previousPasswordHashes)},
                            {"temporary", state.temporaryPassword}};
    auto put = [&](const char* name, const std::optional<Timestamp>& at) {
        if (at) out[name] = seconds(*at);
    };
    put("changedAt", state.passwordChangedAt);
    return boost::json::serialize(out);
}

std::string encodeSsoLinks(const std::vector<SsoLink>& links) {
    boost::json::array out;
    for (const auto& link : links) {
        out.push_back(boost::json::object{
            {"provider", link.providerId}, {"issuer", link.issuer}, {"subject", link.subject}});
    }
    return boost::json::serialize(out);
}

std::vector<SsoLink> decodeSsoLinks(const std::string& text) {
    std::vector<SsoLink> links;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec || !value.is_array()) return links;
    for (const auto& item : value.as_array()) {
        const auto* object = item.if_object();
        if (!object) continue;
        auto member = [&](const char* name) {
            auto found = object->if_contains(name);
            return found && found->is_string() ? std::string(found->as_string()) : std::string();
        };
        links.push_back({member("provider"), member("issuer"), member("subject")});
    }
    return links;
}

CredentialState decodeCredentials(const std::string& text) {
    CredentialState state;
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec || !value.is_object()) return state;
    const auto& object = value.as_object();
    if (auto found = object.if_contains("previous"); found && found->is_array()) {
        for (const auto& hash : found->as_array())
            if (hash.is_string()) state.previousPasswordHashes.emplace_back(hash.as_string());
    }
    if (auto found = object.if_contains("temporary"); found && found->is_bool())
        state.temporaryPassword = found->as_bool();
    auto get = [&](const char* name, std::optional<Timestamp>& at) {
        if (auto found = object.if_contains(name); found && found->is_int64())
            at = timestamp(found->as_int64());
    };
    get("changedAt", state.passwordChangedAt);
    return state;
}

BusinessAccount readBusinessAccount(const SqlRow& row) {
    return {row.text(0),
            int(row.integer(1)),
            timestamp(row.integer(2)),
            decodePolicy(row.text(3)),
            decodeTokenPolicy(row.text(4)),
            row.integer(5)};
}

Tenant readTenant(const SqlRow& row) {
    Tenant tenant;
    tenant.locator = row.text(0);
    tenant.businessAccount = row.text(1);
    tenant.name = row.text(2);
    tenant.type = parseTenantType(row.text(3)).value_or(TenantType::Deleted);
    tenant.description = row.text(4);
    tenant.createdAt = timestamp(row.integer(5));
    tenant.createdBy = row.text(6);
    tenant.updatedAt = timestamp(row.integer(7));
    tenant.revision = row.integer(8);
    return tenant;
}

Role readRole(const SqlRow& row) {
    Role role;
    role.locator = row.text(0);
    role.businessAccount = row.text(1);
    role.name = row.text(2);
    role.description = row.text(3);
    role.permissions = decodeList(row.text(4));
    role.version = row.integer(5);
    role.createdAt = timestamp(row.integer(6));
    role.createdBy = row.text(7);
    role.revision = row.integer(8);
    return role;
}

constexpr std::string_view kSelectTenantRolePermissions =
    "SELECT role_locator, tenant_locator, permissions, description, version, created_at, "
    "created_by FROM tenant_role_permissions";

void readTenantRolePermissions(const SqlRow& row, Role& role) {
    TenantRolePermissions override;
    override.permissions = decodeList(row.text(2));
    override.description = row.text(3);
    override.version = row.integer(4);
    override.createdAt = timestamp(row.integer(5));
    override.createdBy = row.text(6);
    role.tenantPermissions[row.text(1)] = std::move(override);
}

User readUser(const SqlRow& row) {
    User user;
    user.locator = row.text(0);
    user.businessAccount = row.text(1);
    user.userName = row.text(2);
    user.firstName = row.text(3);
    user.lastName = row.text(4);
    user.email = row.text(5);
    user.serviceAccount = row.integer(6) != 0;
    user.enabled = row.integer(7) != 0;
    user.roleLocators = decodeList(row.text(8));
    user.tenants = decodeList(row.text(9));
    user.passwordHash = row.text(10);
    if (!row.isNull(11)) user.patLimit = int(row.integer(11));
    user.createdAt = timestamp(row.integer(12));
    user.credentials = decodeCredentials(row.text(13));
    // Session times have columns of their own: logins touch only them (no whole-row writes).
    if (!row.isNull(14)) user.credentials.lastSessionStartAt = timestamp(row.integer(14));
    if (!row.isNull(15)) user.credentials.lastSessionAccessAt = timestamp(row.integer(15));
    user.ssoLinks = decodeSsoLinks(row.text(16));
    user.revision = row.integer(17);
    return user;
}

// Decodes each distinct stored list once; copies share it.
class ListDecoder {
  public:
    SharedStringList decode(const std::string& text) {
        auto [it, added] = decoded_.try_emplace(text);
        if (added) it->second = decodeList(text);
        return it->second;
    }

  private:
    std::unordered_map<std::string, SharedStringList> decoded_;
};

PersonalAccessToken readToken(const SqlRow& row, ListDecoder* lists = nullptr) {
    PersonalAccessToken token;
    token.locator = row.text(0);
    token.ownerLocator = row.text(1);
    token.name = row.text(2);
    token.permissions =
        lists ? lists->decode(row.text(3)) : SharedStringList(decodeList(row.text(3)));
    token.tenants = lists ? lists->decode(row.text(4)) : SharedStringList(decodeList(row.text(4)));
    token.createdAt = timestamp(row.integer(5));
    if (!row.isNull(6)) token.expiresAt = timestamp(row.integer(6));
    token.origin = parseTokenOrigin(row.text(7)).value_or(TokenOrigin::Session);
    token.secretHash = digestFrom(row.blob(8));
    if (!row.isNull(9)) token.lastUsedAt = timestamp(row.integer(9));
    token.lastUsedIp = row.text(10);
    return token;
}

Session readSession(const SqlRow& row) {
    Session session;
    session.id = row.text(0);
    session.userLocator = row.text(1);
    session.businessAccount = row.text(2);
    session.refreshHash = digestFrom(row.blob(3));
    session.createdAt = timestamp(row.integer(4));
    session.refreshExpiresAt = timestamp(row.integer(5));
    for (const auto& hex : decodeList(row.text(6))) {
        if (auto digest = digestFromHex(hex)) session.retiredRefreshHashes.push_back(*digest);
    }
    return session;
}

}  // namespace

SqlStore::SqlStore(const SqlDialect& dialect, const Connect& connect, int poolSize,
                   std::string origin)
    : dialect_(dialect), origin_(std::move(origin)) {
    for (int i = 0; i < std::max(1, poolSize); ++i) idle_.push_back(connect());
    auto db = lease();
    migrate(*db);
}

SqlStore::Lease SqlStore::lease() {
    std::unique_lock lock(poolMutex_);
    poolFree_.wait(lock, [this] { return !idle_.empty(); });
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
}

void SqlStore::giveBack(std::unique_ptr<SqlConnection> connection) {
    {
        std::lock_guard lock(poolMutex_);
        idle_.push_back(std::move(connection));
    }
    poolFree_.notify_one();
}

int SqlStore::schemaVersion() {
    auto db = lease();
    return dialect_.schemaVersion(*db);
}

void SqlStore::migrate(SqlConnection& db) {
    if (!dialect_.lockMigrations.empty()) db.exec(dialect_.lockMigrations);
    struct Unlock {
        SqlConnection& db;
        std::string_view sql;
        ~Unlock() {
            try {
                if (!sql.empty()) db.exec(sql);
            } catch (const SqlFailure&) {
                // The session ends with the connection, and its lock with it.
            }
        }
    } unlock{db, dialect_.unlockMigrations};
    // Read under the lock: an instance that waited sees what the first one did.
    auto current = size_t(dialect_.schemaVersion(db));
    const auto& all = dialect_.migrations;
    if (current > all.size()) {
        throw std::runtime_error("the database was written by a newer Tessera (schema version " +
                                 std::to_string(current) + ", this binary knows " +
                                 std::to_string(all.size()) + ")");
    }
    for (size_t version = current; version < all.size(); ++version) {
        SqlTransaction transaction(db, dialect_.beginWrite);
        db.exec(all[version]);
        dialect_.setSchemaVersion(db, int(version + 1));
        transaction.commit();
    }
}

Result<void> SqlStore::loadInChunks(std::int64_t& changeSequence,
                                    const std::function<void(WriteBatch&)>& take,
                                    const std::function<void(std::size_t)>& expectTokens) {
    constexpr std::size_t kChunk = 20000;
    auto lease = this->lease();
    auto& db = *lease;
    try {
        WriteBatch out;
        SqlTransaction snapshot(db, dialect_.beginSnapshot);
        {
            // Entries of the last minute are read again by the first catch-up: with several
            // writers a lower number can still be committing while this snapshot is taken.
            // Applying an entry twice is harmless (it reloads the current row).
            auto q = db.prepare("SELECT coalesce(max(sequence), 0) FROM change_log WHERE at < " +
                                std::string(dialect_.nowSeconds) + " - 60");
            q->step();
            changeSequence = q->integer(0);
        }
        for (auto q = db.prepare(kSelectBusinessAccount); q->step();)
            out.putBusinessAccounts.push_back(readBusinessAccount(*q));
        for (auto q = db.prepare(kSelectTenant); q->step();)
            out.putTenants.push_back(readTenant(*q));
        for (auto q = db.prepare(kSelectRole); q->step();) out.putRoles.push_back(readRole(*q));
        for (auto q = db.prepare(kSelectTenantRolePermissions); q->step();) {
            auto role = std::find_if(out.putRoles.begin(), out.putRoles.end(),
                                     [&](const Role& r) { return r.locator == q->text(0); });
            if (role != out.putRoles.end()) readTenantRolePermissions(*q, *role);
        }
        for (auto q = db.prepare(kSelectUser); q->step();) out.putUsers.push_back(readUser(*q));
        take(out);
        {
            auto q = db.prepare("SELECT count(*) FROM tokens");
            q->step();
            expectTokens(std::size_t(q->integer(0)));
        }
        // Tokens repeat a few grants: each distinct list is decoded once and shared.
        ListDecoder lists;
        out = {};
        for (auto q = db.prepare(kSelectToken); q->step();) {
            out.putTokens.push_back(readToken(*q, &lists));
            if (out.putTokens.size() == kChunk) {
                take(out);
                out = {};
            }
        }
        for (auto q = db.prepare(kSelectSession); q->step();) {
            out.putSessions.push_back(readSession(*q));
            if (out.putSessions.size() == kChunk) {
                take(out);
                out = {};
            }
        }
        if (!out.empty()) take(out);
        snapshot.commit();
        return {};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

void SqlStore::appendChange(SqlConnection& db, std::string_view entity, std::string_view key) {
    db.prepare("INSERT INTO change_log (entity, key, origin) VALUES (?, ?, ?)")
        ->bind(1, entity)
        .bind(2, key)
        .bind(3, origin_)
        .run();
}

void SqlStore::expectRevision(SqlConnection& db, std::string_view table, std::string_view keyColumn,
                              const std::string& key, std::int64_t revision) {
    auto query = db.prepare("SELECT revision FROM " + std::string(table) + " WHERE " +
                            std::string(keyColumn) + " = ?" + std::string(dialect_.forUpdate));
    query->bind(1, key);
    bool exists = query->step();
    bool expected = exists ? query->integer(0) == revision - 1 : revision <= 1;
    if (!expected) throw StaleRevision{};
}

void SqlStore::writeBatch(SqlConnection& db, const WriteBatch& batch) {
    for (const auto& account : batch.putBusinessAccounts) {
        expectRevision(db, "business_accounts", "name", account.name, account.revision);
        db.prepare(
              "INSERT INTO business_accounts (name, pat_limit, created_at, password_policy, "
              "token_policy, revision) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
              "pat_limit = excluded.pat_limit, password_policy = excluded.password_policy, "
              "token_policy = excluded.token_policy, revision = excluded.revision")
            ->bind(1, account.name)
            .bind(2, std::int64_t(account.patLimit))
            .bind(3, seconds(account.createdAt))
            .bind(4, encodePolicy(account.passwordPolicy))
            .bind(5, encodeTokenPolicy(account.tokenPolicy))
            .bind(6, account.revision)
            .run();
        appendChange(db, "business_account", account.name);
    }
    for (const auto& tenant : batch.putTenants) {
        expectRevision(db, "tenants", "locator", tenant.locator, tenant.revision);
        db.prepare(
              "INSERT INTO tenants (locator, business_account, name, type, description, "
              "created_at, created_by, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT(locator) DO UPDATE SET name = excluded.name, type = excluded.type, "
              "description = excluded.description, updated_at = excluded.updated_at, "
              "revision = excluded.revision")
            ->bind(1, tenant.locator)
            .bind(2, tenant.businessAccount)
            .bind(3, tenant.name)
            .bind(4, tenantTypeName(tenant.type))
            .bind(5, tenant.description)
            .bind(6, seconds(tenant.createdAt))
            .bind(7, tenant.createdBy)
            .bind(8, seconds(tenant.updatedAt))
            .bind(9, tenant.revision)
            .run();
        appendChange(db, "tenant", tenant.locator);
    }
    for (const auto& role : batch.putRoles) {
        expectRevision(db, "roles", "locator", role.locator, role.revision);
        db.prepare(
              "INSERT INTO roles (locator, business_account, name, description, permissions, "
              "version, created_at, created_by, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT(locator) DO UPDATE SET name = excluded.name, description = "
              "excluded.description, permissions = excluded.permissions, version = "
              "excluded.version, revision = excluded.revision")
            ->bind(1, role.locator)
            .bind(2, role.businessAccount)
            .bind(3, role.name)
            .bind(4, role.description)
            .bind(5, encodeList(role.permissions))
            .bind(6, role.version)
            .bind(7, seconds(role.createdAt))
            .bind(8, role.createdBy)
            .bind(9, role.revision)
            .run();
        db.prepare("DELETE FROM tenant_role_permissions WHERE role_locator = ?")
            ->bind(1, role.locator)
            .run();
        for (const auto& [tenant, override] : role.tenantPermissions) {
            db.prepare(
                  "INSERT INTO tenant_role_permissions (role_locator, tenant_locator, permissions, "
                  "description, version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                ->bind(1, role.locator)
                .bind(2, tenant)
                .bind(3, encodeList(override.permissions))
                .bind(4, override.description)
                .bind(5, override.version)
                .bind(6, seconds(override.createdAt))
                .bind(7, override.createdBy)
                .run();
        }
        appendChange(db, "role", role.locator);
    }
    for (const auto& locator : batch.deleteRoles) {
        db.prepare("DELETE FROM roles WHERE locator = ?")->bind(1, locator).run();
        appendChange(db, "role", locator);
    }
    for (const auto& user : batch.putUsers) {
        expectRevision(db, "users", "locator", user.locator, user.revision);
        db.prepare(
              "INSERT INTO users (locator, business_account, user_name, user_name_key, "
              "first_name, last_name, email, service_account, enabled, roles, tenants, "
              "password_hash, pat_limit, created_at, credential_state, last_session_start_at, "
              "last_session_access_at, sso_links, revision) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT(locator) DO UPDATE SET user_name = "
              "excluded.user_name, "
              "user_name_key = excluded.user_name_key, first_name = excluded.first_name, "
              "last_name = excluded.last_name, email = excluded.email, service_account = "
              "excluded.service_account, enabled = excluded.enabled, roles = excluded.roles, "
              "tenants = excluded.tenants, password_hash = excluded.password_hash, pat_limit "
              "= excluded.pat_limit, credential_state = excluded.credential_state, sso_links = "
              "excluded.sso_links, revision = excluded.revision")
            ->bind(1, user.locator)
            .bind(2, user.businessAccount)
            .bind(3, user.userName)
            .bind(4, lowerCase(user.userName))
            .bind(5, user.firstName)
            .bind(6, user.lastName)
            .bind(7, user.email)
            .bind(8, std::int64_t(user.serviceAccount))
            .bind(9, std::int64_t(user.enabled))
            .bind(10, encodeList(user.roleLocators))
            .bind(11, encodeList(user.tenants))
            .bind(12, user.passwordHash)
            .bind(13, user.patLimit ? std::optional<std::int64_t>(*user.patLimit) : std::nullopt)
            .bind(14, seconds(user.createdAt))
            .bind(15, encodeCredentials(user.credentials))
            .bind(16, optionalSeconds(user.credentials.lastSessionStartAt))
            .bind(17, optionalSeconds(user.credentials.lastSessionAccessAt))
            .bind(18, encodeSsoLinks(user.ssoLinks))
            .bind(19, user.revision)
            .run();
        appendChange(db, "user", user.locator);
    }
    for (const auto& touch : batch.sessionTouches) {
        db.prepare(
              "UPDATE users SET last_session_start_at = coalesce(?, last_session_start_at), "
              "last_session_access_at = ? WHERE locator = ?")
            ->bind(1, optionalSeconds(touch.startedAt))
            .bind(2, seconds(touch.accessedAt))
            .bind(3, touch.userLocator)
            .run();
        // Its own entity: other instances copy the two times, never reload and recompute the
        // user (a login storm must not make every instance rebuild rights).
        appendChange(db, "user_session", touch.userLocator);
    }
    for (const auto& id : batch.deleteSessions) {
        db.prepare("DELETE FROM sessions WHERE id = ?")->bind(1, id).run();
        appendChange(db, "session", id);
    }
    for (const auto& locator : batch.deleteTokens) {
        // Already gone: another write deleted it since this one was prepared (it is prepared
        // again and answers as if it had come second).
        if (!db.prepare("DELETE FROM tokens WHERE locator = ? RETURNING locator")
                 ->bind(1, locator)
                 .step())
            throw StaleRevision{};
        appendChange(db, "token", locator);
    }
    for (const auto& locator : batch.deleteUsers) {
        db.prepare("DELETE FROM users WHERE locator = ?")->bind(1, locator).run();
        appendChange(db, "user", locator);
    }
    for (const auto& token : batch.putTokens) {
        db.prepare(
              "INSERT INTO tokens (locator, owner, name, permissions, tenants, created_at, "
              "expires_at, origin, secret_hash, last_used_at, last_used_ip) VALUES (?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, token.locator)
            .bind(2, token.ownerLocator)
            .bind(3, token.name)
            .bind(4, encodeList(token.permissions))
            .bind(5, encodeList(token.tenants))
            .bind(6, seconds(token.createdAt))
            .bind(7, optionalSeconds(token.expiresAt))
            .bind(8, tokenOriginName(token.origin))
            .bindBlob(9, token.secretHash)
            .bind(10, optionalSeconds(token.lastUsedAt))
            .bind(11, token.lastUsedIp)
            .run();
        appendChange(db, "token", token.locator);
    }
    for (const auto& session : batch.putSessions) {
        db.prepare(
              "INSERT INTO sessions (id, user_locator, business_account, refresh_hash, "
              "created_at, refresh_expires_at, retired_refresh_hashes) VALUES (?, ?, ?, ?, ?, "
              "?, ?) ON CONFLICT(id) DO UPDATE SET refresh_hash = excluded.refresh_hash, "
              "refresh_expires_at = excluded.refresh_expires_at, retired_refresh_hashes = "
              "excluded.retired_refresh_hashes")
            ->bind(1, session.id)
            .bind(2, session.userLocator)
            .bind(3, session.businessAccount)
            .bindBlob(4, session.refreshHash)
            .bind(5, seconds(session.createdAt))
            .bind(6, seconds(session.refreshExpiresAt))
            .bind(7, encodeList(retiredHexes(session)))
            .run();
        appendChange(db, "session", session.id);
    }
}

Result<void> SqlStore::writeChecked(SqlConnection& db, const WriteBatch& batch) {
    try {
        if (batch.roleVersion) {
            auto query = db.prepare("SELECT version FROM roles WHERE locator = ?" +
                                    std::string(dialect_.forUpdate));
            query->bind(1, batch.roleVersion->locator);
            if (!query->step()) return fail(ErrorCode::NotFound, "the role does not exist");
            if (query->integer(0) != batch.roleVersion->expectedVersion) {
                return fail(ErrorCode::VersionConflict,
                            "the role was changed by someone else: current version is " +
                                std::to_string(query->integer(0)));
            }
        }
        if (batch.tokenLimit) {
            // PAT-6 across instances: the owner's row is locked while its tokens are counted,
            // so two creations on two instances cannot both see room for one more.
            db.prepare("SELECT locator FROM users WHERE locator = ?" +
                       std::string(dialect_.forUpdate))
                ->bind(1, batch.tokenLimit->ownerLocator)
                .run();
            auto query = db.prepare(
                "SELECT count(*) FROM tokens WHERE owner = ? AND (expires_at IS NULL "
                "OR expires_at > ?)");
            query->bind(1, batch.tokenLimit->ownerLocator).bind(2, seconds(batch.tokenLimit->now));
            query->step();
            if (query->integer(0) >= batch.tokenLimit->limit) {
                return fail(ErrorCode::PatLimitReached, "limit");
            }
        }
        writeBatch(db, batch);
        writeLimitRequests(db, batch.putLimitRequests);
        writeIdentityProviders(db, batch);
        writeEvents(db, batch.events);
        return {};
    } catch (const StaleRevision&) {
        return fail(ErrorCode::ConcurrentChange,
                    "another writer changed this at the same moment; try again");
    }
}

Result<void> SqlStore::commit(const WriteBatch& batch) {
    const WriteBatch* only = &batch;
    return commitTogether(std::span(&only, 1)).front();
}

std::vector<Result<void>> SqlStore::commitTogether(std::span<const WriteBatch* const> batches) {
    bool contended = false;
    auto results = commitInOneTransaction(batches, contended);
    // Contention (a PostgreSQL deadlock: two instances' groups locking the same owners in
    // different orders) is not the batches' fault: each is committed alone instead, as it would
    // have been without grouping, once this group's connection is back in the pool.
    if (contended && batches.size() > 1) {
        results.clear();
        for (const auto* batch : batches)
            results.push_back(commitInOneTransaction(std::span(&batch, 1), contended).front());
    }
    return results;
}

std::vector<Result<void>> SqlStore::commitInOneTransaction(
    std::span<const WriteBatch* const> batches, bool& contended) {
    std::vector<Result<void>> results;
    results.reserve(batches.size());
    auto lease = this->lease();
    auto& db = *lease;
    try {
        SqlTransaction transaction(db, dialect_.beginWrite);
        bool anyWritten = false;
        for (const auto* batch : batches) {
            if (batches.size() == 1) {
                results.push_back(writeChecked(db, *batch));
            } else {
                // Its own savepoint: a batch that fails leaves the others' rows in place.
                db.exec("SAVEPOINT batch");
                Result<void> written;
                try {
                    written = writeChecked(db, *batch);
                } catch (const SqlFailure& failure) {
                    if (failure.kind != SqlFailure::Kind::Constraint) throw;
                    written = std::unexpected(storeFailure(failure));
                }
                if (!written) db.exec("ROLLBACK TO SAVEPOINT batch");
                db.exec("RELEASE SAVEPOINT batch");
                results.push_back(std::move(written));
            }
            anyWritten = anyWritten || results.back().has_value();
        }
        if (!anyWritten) return results;  // the transaction rolls back, nothing to flush
        announceWrite(db);
        transaction.commit();
        return results;
    } catch (const SqlFailure& failure) {
        // Nothing of the group was committed.
        contended = failure.kind == SqlFailure::Kind::Busy;
        results.assign(batches.size(), std::unexpected(storeFailure(failure)));
        return results;
    }
}

Result<std::vector<ChangeEntry>> SqlStore::changesAfter(std::int64_t sequence) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        std::vector<ChangeEntry> out;
        auto query = db.prepare(
            "SELECT sequence, entity, key, origin FROM change_log WHERE sequence > ? "
            "ORDER BY sequence LIMIT " +
            std::to_string(kChangesPerRead));
        query->bind(1, sequence);
        while (query->step()) {
            out.push_back({query->integer(0), query->text(1), query->text(2), query->text(3)});
        }
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<WriteBatch> SqlStore::reload(const std::vector<ChangeEntry>& changes) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        WriteBatch out;
        auto one = [&](std::string_view select, std::string_view keyColumn, const std::string& key,
                       auto read, auto& puts, std::vector<std::string>* deletes) {
            auto query = db.prepare(std::string(select) + " WHERE " + std::string(keyColumn) +
                                    " = ?" + std::string(dialect_.forUpdate));
            query->bind(1, key);
            if (query->step()) {
                puts.push_back(read(*query));
            } else if (deletes) {
                deletes->push_back(key);
            }
        };
        for (const auto& change : changes) {
            if (change.entity == "business_account") {
                one(kSelectBusinessAccount, "name", change.key, readBusinessAccount,
                    out.putBusinessAccounts, nullptr);
            } else if (change.entity == "tenant") {
                one(kSelectTenant, "locator", change.key, readTenant, out.putTenants, nullptr);
            } else if (change.entity == "role") {
                one(kSelectRole, "locator", change.key, readRole, out.putRoles, &out.deleteRoles);
                if (!out.putRoles.empty() && out.putRoles.back().locator == change.key) {
                    auto overrides = db.prepare(std::string(kSelectTenantRolePermissions) +
                                                " WHERE role_locator = ?");
                    overrides->bind(1, change.key);
                    while (overrides->step())
                        readTenantRolePermissions(*overrides, out.putRoles.back());
                }
            } else if (change.entity == "user") {
                one(kSelectUser, "locator", change.key, readUser, out.putUsers, &out.deleteUsers);
            } else if (change.entity == "user_session") {
                auto query = db.prepare(
                    "SELECT last_session_start_at, last_session_access_at FROM users "
                    "WHERE locator = ?");
                query->bind(1, change.key);
                if (query->step() && !query->isNull(1)) {
                    SessionTouch touch{change.key, std::nullopt, timestamp(query->integer(1))};
                    if (!query->isNull(0)) touch.startedAt = timestamp(query->integer(0));
                    out.sessionTouches.push_back(std::move(touch));
                }
            } else if (change.entity == "token") {
                one(
                    kSelectToken, "locator", change.key,
                    [](const SqlRow& row) { return readToken(row); }, out.putTokens,
                    &out.deleteTokens);
            } else if (change.entity == "session") {
                one(kSelectSession, "id", change.key, readSession, out.putSessions,
                    &out.deleteSessions);
            }
        }
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<void> SqlStore::recordTokenUse(const std::vector<TokenUse>& uses) {
    if (uses.empty()) return {};
    auto lease = this->lease();
    auto& db = *lease;
    try {
        SqlTransaction transaction(db, dialect_.beginWrite);
        for (const auto& use : uses) {
            db.prepare("UPDATE tokens SET last_used_at = " + std::string(dialect_.greatest) +
                       "(coalesce(last_used_at, 0), ?), "
                       "last_used_ip = ? WHERE locator = ?")
                ->bind(1, seconds(use.at))
                .bind(2, use.ip)
                .bind(3, use.locator)
                .run();
        }
        transaction.commit();
        return {};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

void SqlStore::announceWrite(SqlConnection& db) {
    if (!dialect_.afterWrite.empty()) db.prepare(dialect_.afterWrite)->bind(1, origin_).run();
}

}  // namespace tessera::store
