#include "store/SqlStore.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <unordered_map>

#include "crypto/Base64Url.h"
#include "store/Columns.h"
#include "store/JsonFields.h"

#include <cstdio>

namespace tessera::store {

// An entity the Directory holds, as the routines that put, delete, load and reload its rows see
// it (one description each below, with its row codec).
template <class Row>
struct Entity {
    std::string_view name;  // in the change log
    std::string_view table, keyColumn;
    struct Statements {
        std::string_view select;       // the columns `read` takes, in order, with no WHERE
        std::string_view put;          // an insert or upsert of the parameters `bind` binds
        std::string_view remove = {};  // by key (empty: never deleted)
        // `remove` RETURNs the key, and none means that another write deleted the row first.
        bool removedRowMustExist = false;
    } sql;
    struct Fields {
        const std::string Row::*key;
        const std::int64_t Row::*revision;  // checked by every put (expectRevision), or null
    } fields;
    struct InBatch {
        std::vector<Row> WriteBatch::*puts;
        std::vector<std::string> WriteBatch::*deletes;  // or null
    } inBatch;
    Row (*read)(const SqlRow&);
    SqlStatement& (*bind)(SqlStatement&, const Row&);
    // Written after the row, before its change-log entry (or null).
    void (*putAlso)(SqlConnection&, const Row&) = nullptr;
};

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

std::vector<SecretDigest> retiredFromHexes(const std::string& text) {
    std::vector<SecretDigest> out;
    for (const auto& hex : decodeList(text)) {
        if (auto digest = digestFromHex(hex)) out.push_back(*digest);
    }
    return out;
}

// The policy as a JSON object with Socotra's field names; empty or missing fields: defaults.
constexpr JsonField<PasswordPolicy, int> kPolicyFields[] = {
    {"length", &PasswordPolicy::minLength},
    {"maxLength", &PasswordPolicy::maxLength},
    {"uppercase", &PasswordPolicy::uppercase},
    {"lowercase", &PasswordPolicy::lowercase},
    {"digits", &PasswordPolicy::digits},
    {"specialChars", &PasswordPolicy::specialChars},
    {"passwordHistory", &PasswordPolicy::passwordHistory},
    {"forceExpiredPasswordChange", &PasswordPolicy::forceExpiredPasswordChange},
};

std::string encodePolicy(const PasswordPolicy& policy) {
    boost::json::object out;
    writeMembers(out, policy, kPolicyFields);
    return boost::json::serialize(out);
}

PasswordPolicy decodePolicy(const std::string& text) {
    return decodeObject<PasswordPolicy>(
        text, [](const auto& object, auto& policy) { readMembers(object, policy, kPolicyFields); });
}

std::string encodeTokenPolicy(const TokenPolicy& policy) {
    boost::json::object out{{"requireExpiry", policy.requireExpiry}};
    if (policy.maxLifetimeDays) out["maxLifetimeDays"] = *policy.maxLifetimeDays;
    return boost::json::serialize(out);
}

TokenPolicy decodeTokenPolicy(const std::string& text) {
    return decodeObject<TokenPolicy>(text, [](const auto& object, auto& policy) {
        readMember(object, "requireExpiry", policy.requireExpiry);
        readMember(object, "maxLifetimeDays", policy.maxLifetimeDays);
    });
}

std::string encodeCredentials(const CredentialState& state) {
    boost::json::object out{{"previous", boost::json::value_from(state.previousPasswordHashes)},
                            {"temporary", state.temporaryPassword}};
    if (state.passwordChangedAt) out["changedAt"] = seconds(*state.passwordChangedAt);
    return boost::json::serialize(out);
}

CredentialState decodeCredentials(const std::string& text) {
    return decodeObject<CredentialState>(text, [](const auto& object, auto& state) {
        readMember(object, "previous", state.previousPasswordHashes);
        readMember(object, "temporary", state.temporaryPassword);
        readMember(object, "changedAt", state.passwordChangedAt);
    });
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
    auto value = parseJson(text);
    if (!value.is_array()) return links;
    for (const auto& item : value.as_array()) {
        const auto* object = item.if_object();
        if (!object) continue;
        SsoLink& link = links.emplace_back();
        readMember(*object, "provider", link.providerId);
        readMember(*object, "issuer", link.issuer);
        readMember(*object, "subject", link.subject);
    }
    return links;
}

constexpr std::string_view kSelectBusinessAccount =
    "SELECT name, pat_limit, created_at, password_policy, token_policy, revision FROM "
    "business_accounts";

BusinessAccount readBusinessAccount(const SqlRow& row) {
    BusinessAccount account;
    readColumns(row, account.name, account.patLimit, account.createdAt,
                decoded(account.passwordPolicy, decodePolicy),
                decoded(account.tokenPolicy, decodeTokenPolicy), account.revision);
    return account;
}

constexpr std::string_view kPutBusinessAccount =
    "INSERT INTO business_accounts (name, pat_limit, created_at, password_policy, "
    "token_policy, revision) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
    "pat_limit = excluded.pat_limit, password_policy = excluded.password_policy, "
    "token_policy = excluded.token_policy, revision = excluded.revision";

SqlStatement& bindBusinessAccount(SqlStatement& put, const BusinessAccount& account) {
    return put.bindAll(account.name, std::int64_t(account.patLimit), seconds(account.createdAt),
                       encodePolicy(account.passwordPolicy), encodeTokenPolicy(account.tokenPolicy),
                       account.revision);
}

constexpr Entity<BusinessAccount> kBusinessAccounts(
    "business_account", "business_accounts", "name", {kSelectBusinessAccount, kPutBusinessAccount},
    {&BusinessAccount::name, &BusinessAccount::revision},
    {&WriteBatch::putBusinessAccounts, nullptr}, readBusinessAccount, bindBusinessAccount);

constexpr std::string_view kSelectTenant =
    "SELECT locator, business_account, name, type, description, created_at, created_by, "
    "updated_at, revision FROM tenants";

Tenant readTenant(const SqlRow& row) {
    Tenant tenant;
    readColumns(row, tenant.locator, tenant.businessAccount, tenant.name,
                decoded(tenant.type, parsedOr(parseName<TenantType>, TenantType::Deleted)),
                tenant.description, tenant.createdAt, tenant.createdBy, tenant.updatedAt,
                tenant.revision);
    return tenant;
}

constexpr std::string_view kPutTenant =
    "INSERT INTO tenants (locator, business_account, name, type, description, "
    "created_at, created_by, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(locator) DO UPDATE SET name = excluded.name, type = excluded.type, "
    "description = excluded.description, updated_at = excluded.updated_at, "
    "revision = excluded.revision";

SqlStatement& bindTenant(SqlStatement& put, const Tenant& tenant) {
    return put.bindAll(tenant.locator, tenant.businessAccount, tenant.name, nameOf(tenant.type),
                       tenant.description, seconds(tenant.createdAt), tenant.createdBy,
                       seconds(tenant.updatedAt), tenant.revision);
}

constexpr Entity<Tenant> kTenants("tenant", "tenants", "locator", {kSelectTenant, kPutTenant},
                                  {&Tenant::locator, &Tenant::revision},
                                  {&WriteBatch::putTenants, nullptr}, readTenant, bindTenant);

constexpr std::string_view kSelectRole =
    "SELECT locator, business_account, name, description, permissions, version, created_at, "
    "created_by, revision FROM roles";

Role readRole(const SqlRow& row) {
    Role role;
    readColumns(row, role.locator, role.businessAccount, role.name, role.description,
                role.permissions, role.version, role.createdAt, role.createdBy, role.revision);
    return role;
}

constexpr std::string_view kPutRole =
    "INSERT INTO roles (locator, business_account, name, description, permissions, "
    "version, created_at, created_by, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(locator) DO UPDATE SET name = excluded.name, description = "
    "excluded.description, permissions = excluded.permissions, version = "
    "excluded.version, revision = excluded.revision";
constexpr std::string_view kDeleteRole = "DELETE FROM roles WHERE locator = ?";

SqlStatement& bindRole(SqlStatement& put, const Role& role) {
    return put.bindAll(role.locator, role.businessAccount, role.name, role.description,
                       encodeList(role.permissions), role.version, seconds(role.createdAt),
                       role.createdBy, role.revision);
}

constexpr std::string_view kSelectTenantRolePermissions =
    "SELECT role_locator, tenant_locator, permissions, description, version, created_at, "
    "created_by FROM tenant_role_permissions";

// Column 0, the role, is the caller's.
void readTenantRolePermissions(const SqlRow& row, Role& role) {
    std::string tenant;
    TenantRolePermissions override;
    readColumns(row, skip, tenant, override.permissions, override.description, override.version,
                override.createdAt, override.createdBy);
    role.tenantPermissions[tenant] = std::move(override);
}

void writeTenantRolePermissions(SqlConnection& db, const Role& role) {
    db.prepare("DELETE FROM tenant_role_permissions WHERE role_locator = ?")
        ->bind(1, role.locator)
        .run();
    for (const auto& [tenant, override] : role.tenantPermissions) {
        db.prepare(
              "INSERT INTO tenant_role_permissions (role_locator, tenant_locator, permissions, "
              "description, version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
            ->bindAll(role.locator, tenant, encodeList(override.permissions), override.description,
                      override.version, seconds(override.createdAt), override.createdBy)
            .run();
    }
}

constexpr Entity<Role> kRoles("role", "roles", "locator", {kSelectRole, kPutRole, kDeleteRole},
                              {&Role::locator, &Role::revision},
                              {&WriteBatch::putRoles, &WriteBatch::deleteRoles}, readRole, bindRole,
                              writeTenantRolePermissions);

constexpr std::string_view kSelectUser =
    "SELECT locator, business_account, user_name, first_name, last_name, email, service_account, "
    "enabled, roles, tenants, password_hash, pat_limit, created_at, credential_state, "
    "last_session_start_at, last_session_access_at, sso_links, revision FROM users";

User readUser(const SqlRow& row) {
    User user;
    // Session times have columns of their own: logins touch only them (no whole-row writes).
    readColumns(row, user.locator, user.businessAccount, user.userName, user.firstName,
                user.lastName, user.email, user.serviceAccount, user.enabled, user.roleLocators,
                user.tenants, user.passwordHash, user.patLimit, user.createdAt,
                decoded(user.credentials, decodeCredentials), user.credentials.lastSessionStartAt,
                user.credentials.lastSessionAccessAt, decoded(user.ssoLinks, decodeSsoLinks),
                user.revision);
    return user;
}

constexpr std::string_view kPutUser =
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
    "excluded.sso_links, revision = excluded.revision";
constexpr std::string_view kDeleteUser = "DELETE FROM users WHERE locator = ?";

SqlStatement& bindUser(SqlStatement& put, const User& user) {
    return put.bindAll(user.locator, user.businessAccount, user.userName, lowerCase(user.userName),
                       user.firstName, user.lastName, user.email, std::int64_t(user.serviceAccount),
                       std::int64_t(user.enabled), encodeList(user.roleLocators),
                       encodeList(user.tenants), user.passwordHash,
                       user.patLimit ? std::optional<std::int64_t>(*user.patLimit) : std::nullopt,
                       seconds(user.createdAt), encodeCredentials(user.credentials),
                       optionalSeconds(user.credentials.lastSessionStartAt),
                       optionalSeconds(user.credentials.lastSessionAccessAt),
                       encodeSsoLinks(user.ssoLinks), user.revision);
}

constexpr Entity<User> kUsers("user", "users", "locator", {kSelectUser, kPutUser, kDeleteUser},
                              {&User::locator, &User::revision},
                              {&WriteBatch::putUsers, &WriteBatch::deleteUsers}, readUser,
                              bindUser);

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

constexpr std::string_view kSelectToken =
    "SELECT locator, owner, name, permissions, tenants, created_at, expires_at, origin, "
    "secret_hash, last_used_at, last_used_ip, allowed_networks FROM tokens";

// PAT-12: what the store holds was parsed when the token was created. Text that no longer
// reads as a list of networks must not widen it (an empty list allows any address): each entry
// that does not parse, or the whole list when it is no JSON array of strings, stands as the
// unspecified address "::", which no client has.
std::vector<IpNetwork> decodeNetworks(const std::string& text) {
    const IpNetwork nowhere{IpAddress{}, 128};
    auto value = parseJson(text);
    if (!value.is_array()) return {nowhere};
    std::vector<IpNetwork> networks;
    for (const auto& entry : value.as_array()) {
        networks.push_back(
            entry.is_string()
                ? parseIpNetwork(std::string_view(entry.as_string())).value_or(nowhere)
                : nowhere);
    }
    return networks;
}

PersonalAccessToken readToken(const SqlRow& row, ListDecoder* lists = nullptr) {
    PersonalAccessToken token;
    auto list = [lists](const std::string& text) {
        return lists ? lists->decode(text) : SharedStringList(decodeList(text));
    };
    readColumns(row, token.locator, token.ownerLocator, token.name,
                decoded(token.permissions, list), decoded(token.tenants, list), token.createdAt,
                token.expiresAt,
                decoded(token.origin, parsedOr(parseName<TokenOrigin>, TokenOrigin::Session)),
                token.secretHash, token.lastUsedAt, token.lastUsedIp,
                decoded(token.allowedNetworks, decodeNetworks));
    return token;
}

constexpr std::string_view kPutToken =
    "INSERT INTO tokens (locator, owner, name, permissions, tenants, created_at, "
    "expires_at, origin, secret_hash, last_used_at, last_used_ip, allowed_networks) VALUES (?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

SqlStatement& bindToken(SqlStatement& put, const PersonalAccessToken& token) {
    return put.bindAll(token.locator, token.ownerLocator, token.name, encodeList(token.permissions),
                       encodeList(token.tenants), seconds(token.createdAt),
                       optionalSeconds(token.expiresAt), nameOf(token.origin), token.secretHash,
                       optionalSeconds(token.lastUsedAt), token.lastUsedIp,
                       encodeList(networkTexts(token.allowedNetworks)));
}

// Already gone when deleted: another write deleted it since this one was prepared (it is
// prepared again and answers as if it had come second).
constexpr std::string_view kDeleteToken = "DELETE FROM tokens WHERE locator = ? RETURNING locator";
constexpr Entity<PersonalAccessToken> kTokens(
    "token", "tokens", "locator", {kSelectToken, kPutToken, kDeleteToken, true},
    {&PersonalAccessToken::locator, nullptr}, {&WriteBatch::putTokens, &WriteBatch::deleteTokens},
    [](const SqlRow& row) { return readToken(row); }, bindToken);

constexpr std::string_view kSelectSession =
    "SELECT id, user_locator, business_account, refresh_hash, created_at, refresh_expires_at, "
    "retired_refresh_hashes FROM sessions";

Session readSession(const SqlRow& row) {
    Session session;
    readColumns(row, session.id, session.userLocator, session.businessAccount, session.refreshHash,
                session.createdAt, session.refreshExpiresAt,
                decoded(session.retiredRefreshHashes, retiredFromHexes));
    return session;
}

constexpr std::string_view kPutSession =
    "INSERT INTO sessions (id, user_locator, business_account, refresh_hash, "
    "created_at, refresh_expires_at, retired_refresh_hashes) VALUES (?, ?, ?, ?, ?, "
    "?, ?) ON CONFLICT(id) DO UPDATE SET refresh_hash = excluded.refresh_hash, "
    "refresh_expires_at = excluded.refresh_expires_at, retired_refresh_hashes = "
    "excluded.retired_refresh_hashes";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE id = ?";

SqlStatement& bindSession(SqlStatement& put, const Session& session) {
    return put.bindAll(session.id, session.userLocator, session.businessAccount,
                       session.refreshHash, seconds(session.createdAt),
                       seconds(session.refreshExpiresAt), encodeList(retiredHexes(session)));
}

constexpr Entity<Session> kSessions("session", "sessions", "id",
                                    {kSelectSession, kPutSession, kDeleteSession},
                                    {&Session::id, nullptr},
                                    {&WriteBatch::putSessions, &WriteBatch::deleteSessions},
                                    readSession, bindSession);

// Calls `f` with each entity.
template <class F>
void forEachEntity(F&& f) {
    f(kBusinessAccounts);
    f(kTenants);
    f(kRoles);
    f(kUsers);
    f(kTokens);
    f(kSessions);
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
    return onConnection([&](SqlConnection& db) -> Result<void> {
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
        auto all = [&](const auto& entity) {
            for (auto q = db.prepare(entity.sql.select); q->step();)
                (out.*entity.inBatch.puts).push_back(entity.read(*q));
        };
        all(kBusinessAccounts);
        all(kTenants);
        all(kRoles);
        for (auto q = db.prepare(kSelectTenantRolePermissions); q->step();) {
            auto role = std::find_if(out.putRoles.begin(), out.putRoles.end(),
                                     [&](const Role& r) { return r.locator == q->text(0); });
            if (role != out.putRoles.end()) readTenantRolePermissions(*q, *role);
        }
        all(kUsers);
        take(out);
        {
            auto q = db.prepare("SELECT count(*) FROM tokens");
            q->step();
            expectTokens(std::size_t(q->integer(0)));
        }
        // Handed over every kChunk rows.
        auto inChunks = [&](const auto& entity, auto read) {
            auto& rows = out.*entity.inBatch.puts;
            for (auto q = db.prepare(entity.sql.select); q->step();) {
                rows.push_back(read(*q));
                if (rows.size() == kChunk) {
                    take(out);
                    out = {};
                }
            }
        };
        // Tokens repeat a few grants: each distinct list is decoded once and shared.
        ListDecoder lists;
        out = {};
        inChunks(kTokens, [&](const SqlRow& row) { return readToken(row, &lists); });
        inChunks(kSessions, [](const SqlRow& row) { return readSession(row); });
        if (!out.empty()) take(out);
        snapshot.commit();
        return {};
    });
}

void SqlStore::appendChange(SqlConnection& db, std::string_view entity, std::string_view key) {
    db.prepare("INSERT INTO change_log (entity, key, origin) VALUES (?, ?, ?)")
        ->bindAll(entity, key, origin_)
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

template <class Row>
void SqlStore::putRows(SqlConnection& db, const Entity<Row>& entity, const WriteBatch& batch) {
    for (const auto& row : batch.*entity.inBatch.puts) {
        const auto& key = row.*entity.fields.key;
        if (entity.fields.revision)
            expectRevision(db, entity.table, entity.keyColumn, key, row.*entity.fields.revision);
        entity.bind(*db.prepare(entity.sql.put), row).run();
        if (entity.putAlso) entity.putAlso(db, row);
        appendChange(db, entity.name, key);
    }
}

template <class Row>
void SqlStore::deleteRows(SqlConnection& db, const Entity<Row>& entity, const WriteBatch& batch) {
    for (const auto& key : batch.*entity.inBatch.deletes) {
        bool returned = db.prepare(entity.sql.remove)->bind(1, key).step();
        if (entity.sql.removedRowMustExist && !returned) throw StaleRevision{};
        appendChange(db, entity.name, key);
    }
}

void SqlStore::writeBatch(SqlConnection& db, const WriteBatch& batch) {
    putRows(db, kBusinessAccounts, batch);
    putRows(db, kTenants, batch);
    putRows(db, kRoles, batch);
    deleteRows(db, kRoles, batch);
    putRows(db, kUsers, batch);
    for (const auto& touch : batch.sessionTouches) {
        db.prepare(
              "UPDATE users SET last_session_start_at = coalesce(?, last_session_start_at), "
              "last_session_access_at = ? WHERE locator = ?")
            ->bindAll(optionalSeconds(touch.startedAt), seconds(touch.accessedAt),
                      touch.userLocator)
            .run();
        // Its own entity: other instances copy the two times, never reload and recompute the
        // user (a login storm must not make every instance rebuild rights).
        appendChange(db, "user_session", touch.userLocator);
    }
    deleteRows(db, kSessions, batch);
    deleteRows(db, kTokens, batch);
    deleteRows(db, kUsers, batch);
    putRows(db, kTokens, batch);
    putRows(db, kSessions, batch);
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
        writeWebhooks(db, batch);
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
    return onConnection([&](SqlConnection& db) -> Result<std::vector<ChangeEntry>> {
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
    });
}

Result<WriteBatch> SqlStore::reload(const std::vector<ChangeEntry>& changes) {
    return onConnection([&](SqlConnection& db) -> Result<WriteBatch> {
        WriteBatch out;
        // The row as it is now, or its key as deleted when it is gone.
        auto one = [&](const auto& entity, const std::string& key) {
            auto query = db.prepare(std::string(entity.sql.select) + " WHERE " +
                                    std::string(entity.keyColumn) + " = ?" +
                                    std::string(dialect_.forUpdate));
            query->bind(1, key);
            if (query->step()) {
                (out.*entity.inBatch.puts).push_back(entity.read(*query));
            } else if (entity.inBatch.deletes) {
                (out.*entity.inBatch.deletes).push_back(key);
            }
        };
        for (const auto& change : changes) {
            forEachEntity([&](const auto& entity) {
                if (change.entity == entity.name) one(entity, change.key);
            });
            if (change.entity == kRoles.name && !out.putRoles.empty() &&
                out.putRoles.back().locator == change.key) {
                auto overrides = db.prepare(std::string(kSelectTenantRolePermissions) +
                                            " WHERE role_locator = ?");
                overrides->bind(1, change.key);
                while (overrides->step())
                    readTenantRolePermissions(*overrides, out.putRoles.back());
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
            }
        }
        return out;
    });
}

Result<void> SqlStore::recordTokenUse(const std::vector<TokenUse>& uses) {
    if (uses.empty()) return {};
    return onConnection([&](SqlConnection& db) -> Result<void> {
        SqlTransaction transaction(db, dialect_.beginWrite);
        for (const auto& use : uses) {
            db.prepare("UPDATE tokens SET last_used_at = " + std::string(dialect_.greatest) +
                       "(coalesce(last_used_at, 0), ?), "
                       "last_used_ip = ? WHERE locator = ?")
                ->bindAll(seconds(use.at), use.ip, use.locator)
                .run();
        }
        transaction.commit();
        return {};
    });
}

void SqlStore::announceWrite(SqlConnection& db) {
    if (!dialect_.afterWrite.empty()) db.prepare(dialect_.afterWrite)->bind(1, origin_).run();
}

}  // namespace tessera::store
