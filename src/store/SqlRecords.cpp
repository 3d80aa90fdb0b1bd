// The rows the in-memory Directory does not hold: audit events (AUD-1) and PAT-limit requests
// (PAT-6). Read on request, written inside the batch's transaction.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "store/Columns.h"
#include "store/JsonFields.h"
#include "store/SqlStore.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

namespace tessera::store {
namespace {

using namespace tessera::domain;

std::string encodeData(const std::vector<std::pair<std::string, std::string>>& data) {
    boost::json::object out;
    for (const auto& [key, value] : data) out[key] = value;
    return boost::json::serialize(out);
}

std::vector<std::pair<std::string, std::string>> decodeData(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    auto value = parseJson(text);
    if (!value.is_object()) return out;
    for (const auto& [key, item] : value.as_object()) {
        if (item.is_string()) out.emplace_back(std::string(key), std::string(item.as_string()));
    }
    return out;
}

AuditEvent readEvent(const SqlRow& row) {
    AuditEvent event;
    readColumns(row, event.locator, event.businessAccount, event.timestamp, event.type,
                event.actorLocator, event.actorMethod, event.actorTokenName, event.requestId,
                event.clientAddress, decoded(event.data, decodeData));
    return event;
}

constexpr std::string_view kSelectLimitRequest =
    "SELECT locator, user_locator, business_account, requested_limit, reason, state, created_at, "
    "decided_at, decided_by, decision_note FROM pat_limit_requests";

LimitRequest readLimitRequest(const SqlRow& row) {
    LimitRequest request;
    readColumns(
        row, request.locator, request.userLocator, request.businessAccount, request.requestedLimit,
        request.reason,
        decoded(request.state, parsedOr(parseName<LimitRequestState>, LimitRequestState::Pending)),
        request.createdAt, request.decidedAt, request.decidedBy, request.decisionNote);
    return request;
}

// A provider's type-specific settings, kept together as one JSON object.
constexpr JsonField<IdentityProvider, std::string> kProviderConfig[] = {
    {"issuer", &IdentityProvider::issuer},
    {"authorizationEndpoint", &IdentityProvider::authorizationEndpoint},
    {"tokenEndpoint", &IdentityProvider::tokenEndpoint},
    {"jwksUri", &IdentityProvider::jwksUri},
    {"clientId", &IdentityProvider::clientId},
    {"sealedClientSecret", &IdentityProvider::sealedClientSecret},
    {"singleSignOnServiceUrl", &IdentityProvider::singleSignOnServiceUrl},
    {"idpEntityId", &IdentityProvider::idpEntityId},
    {"signingCertificatePem", &IdentityProvider::signingCertificatePem},
};

std::string encodeProvider(const IdentityProvider& provider) {
    boost::json::object out;
    writeMembers(out, provider, kProviderConfig);
    return boost::json::serialize(out);
}

IdentityProvider readProvider(const SqlRow& row) {
    IdentityProvider provider;
    auto type = [](const std::string& text) {
        return text == "saml" ? IdentityProviderType::Saml : IdentityProviderType::Oidc;
    };
    std::string config;
    readColumns(row, provider.businessAccount, provider.id, decoded(provider.type, type),
                provider.displayName, provider.createdAt, config);
    auto value = parseJson(config);
    if (value.is_object()) readMembers(value.as_object(), provider, kProviderConfig);
    return provider;
}

constexpr std::string_view kSelectKey = "SELECT name, sealed, created_at FROM key_material";

SealedKey readKey(const SqlRow& row) {
    SealedKey key;
    readColumns(row, key.name, key.sealed, key.createdAt);
    return key;
}

}  // namespace

namespace {

// An outage fails every request: one log line a second says it.
bool firstThisSecond() {
    static std::atomic<std::int64_t> lastLogged{0};
    auto second = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
    return lastLogged.exchange(second) != second;
}

std::atomic<std::uint64_t> unavailableFailures{0};
std::atomic<std::uint64_t> busyFailures{0};
std::atomic<std::uint64_t> otherFailures{0};

}  // namespace

StoreFailureCounts storeFailureCounts() {
    return {unavailableFailures.load(std::memory_order_relaxed),
            busyFailures.load(std::memory_order_relaxed),
            otherFailures.load(std::memory_order_relaxed)};
}

Error SqlStore::storeFailure(const SqlFailure& failure) {
    switch (failure.kind) {
        case SqlFailure::Kind::Constraint:
            return Error{ErrorCode::Conflict, "the change conflicts with existing data"};
        case SqlFailure::Kind::Busy:
            // Contention between writers (a serialisation failure, a lock timeout): the caller
            // retries, nothing for the operator.
            busyFailures.fetch_add(1, std::memory_order_relaxed);
            return Error{ErrorCode::Unavailable, "the store is busy; try again"};
        case SqlFailure::Kind::Unavailable:
            unavailableFailures.fetch_add(1, std::memory_order_relaxed);
            // The operator needs the cause (a full disk, a lost connection); the client only
            // that it may retry. Constraint messages are not logged: they can quote key values.
            if (firstThisSecond()) spdlog::warn("store unavailable: {}", failure.what());
            return Error{ErrorCode::Unavailable, "the store is unavailable; try again"};
        case SqlFailure::Kind::Other:
            break;
    }
    otherFailures.fetch_add(1, std::memory_order_relaxed);
    spdlog::error("store failed: {}", failure.what());
    return Error{ErrorCode::Internal, "the store failed"};
}

void SqlStore::writeEvents(SqlConnection& db, const std::vector<AuditEvent>& events) {
    for (const auto& event : events) {
        db.prepare(
              "INSERT INTO audit_events (locator, business_account, at, type, actor_locator, "
              "actor_method, actor_token_name, request_id, client_address, data) VALUES (?, "
              "?, ?, ?, ?, ?, ?, ?, ?, ?)")
            ->bindAll(event.locator, event.businessAccount, seconds(event.timestamp), event.type,
                      event.actorLocator, event.actorMethod, event.actorTokenName, event.requestId,
                      event.clientAddress, encodeData(event.data))
            .run();
    }
}

void SqlStore::writeLimitRequests(SqlConnection& db, const std::vector<LimitRequest>& requests) {
    for (const auto& request : requests) {
        db.prepare(
              "INSERT INTO pat_limit_requests (locator, user_locator, business_account, "
              "requested_limit, reason, state, created_at, decided_at, decided_by, "
              "decision_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(locator) DO "
              "UPDATE SET state = excluded.state, decided_at = excluded.decided_at, "
              "decided_by = excluded.decided_by, decision_note = excluded.decision_note")
            ->bindAll(request.locator, request.userLocator, request.businessAccount,
                      std::int64_t(request.requestedLimit), request.reason, nameOf(request.state),
                      seconds(request.createdAt), optionalSeconds(request.decidedAt),
                      request.decidedBy, request.decisionNote)
            .run();
    }
}

void SqlStore::writeIdentityProviders(SqlConnection& db, const WriteBatch& batch) {
    for (const auto& [businessAccount, id] : batch.deleteIdentityProviders) {
        db.prepare("DELETE FROM identity_providers WHERE business_account = ? AND id = ?")
            ->bindAll(businessAccount, id)
            .run();
    }
    for (const auto& provider : batch.putIdentityProviders) {
        db.prepare(
              "INSERT INTO identity_providers (business_account, id, type, display_name, "
              "created_at, config) VALUES (?, ?, ?, ?, ?, ?)")
            ->bindAll(provider.businessAccount, provider.id,
                      identityProviderTypeName(provider.type), provider.displayName,
                      seconds(provider.createdAt), encodeProvider(provider))
            .run();
    }
}

Result<std::vector<IdentityProvider>> SqlStore::listIdentityProviders(
    std::string_view businessAccount) {
    return selectRows(
        "SELECT business_account, id, type, display_name, created_at, config "
        "FROM identity_providers WHERE business_account = ? ORDER BY id",
        readProvider, businessAccount);
}

Result<std::vector<AuditEvent>> SqlStore::listEvents(const EventQuery& query) {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<AuditEvent>> {
        // Parameters are numbered in the order the conditions are added.
        std::string sql =
            "SELECT locator, business_account, at, type, actor_locator, actor_method, "
            "actor_token_name, request_id, client_address, data FROM audit_events WHERE "
            "business_account = ? AND locator > ?";
        if (query.from) sql += " AND at >= ?";
        if (query.to) sql += " AND at < ?";
        bool prefix = query.type.ends_with('*');
        auto type = prefix ? std::string_view(query.type).substr(0, query.type.size() - 1)
                           : std::string_view(query.type);
        if (!query.type.empty()) sql += prefix ? " AND substr(type, 1, ?) = ?" : " AND type = ?";
        if (!query.actorLocator.empty()) sql += " AND actor_locator = ?";
        sql += " ORDER BY locator LIMIT ?";
        auto select = db.prepare(sql);
        int next = 1;
        select->bind(next++, query.businessAccount);
        select->bind(next++, query.afterLocator);
        if (query.from) select->bind(next++, seconds(*query.from));
        if (query.to) select->bind(next++, seconds(*query.to));
        if (!query.type.empty()) {
            if (prefix) select->bind(next++, std::int64_t(type.size()));
            select->bind(next++, type);
        }
        if (!query.actorLocator.empty()) select->bind(next++, query.actorLocator);
        select->bind(next++, std::int64_t(query.limit));
        std::vector<AuditEvent> out;
        while (select->step()) out.push_back(readEvent(*select));
        return out;
    });
}

Result<std::vector<LimitRequest>> SqlStore::listLimitRequests(const LimitRequestQuery& query) {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<LimitRequest>> {
        std::string sql = std::string(kSelectLimitRequest) + " WHERE 1 = 1";
        if (!query.businessAccount.empty()) sql += " AND business_account = ?";
        if (!query.userLocator.empty()) sql += " AND user_locator = ?";
        if (query.state) sql += " AND state = ?";
        sql += " ORDER BY locator";
        auto select = db.prepare(sql);
        int next = 1;
        if (!query.businessAccount.empty()) select->bind(next++, query.businessAccount);
        if (!query.userLocator.empty()) select->bind(next++, query.userLocator);
        if (query.state) select->bind(next++, nameOf(*query.state));
        std::vector<LimitRequest> out;
        while (select->step()) out.push_back(readLimitRequest(*select));
        return out;
    });
}

Result<std::optional<LimitRequest>> SqlStore::findLimitRequest(std::string_view locator) {
    return selectRow(std::string(kSelectLimitRequest) + " WHERE locator = ?", readLimitRequest,
                     locator);
}

Result<std::vector<SealedKey>> SqlStore::loadKeys() {
    return onConnection([&](SqlConnection& db) -> Result<std::vector<SealedKey>> {
        std::vector<SealedKey> out;
        for (auto q = db.prepare(std::string(kSelectKey) + " ORDER BY name"); q->step();)
            out.push_back(readKey(*q));
        return out;
    });
}

Result<SealedKey> SqlStore::putKeyOnce(const SealedKey& key) {
    return onConnection([&](SqlConnection& db) -> Result<SealedKey> {
        SqlTransaction transaction(db, dialect_.beginWrite);
        db.prepare(
              "INSERT INTO key_material (name, sealed, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT(name) DO NOTHING")
            ->bindAll(key.name, key.sealed, seconds(key.createdAt))
            .run();
        auto stored = db.prepare(std::string(kSelectKey) + " WHERE name = ?");
        stored->bind(1, key.name);
        if (!stored->step()) return fail(ErrorCode::Internal, "the key was not stored");
        auto out = readKey(*stored);
        transaction.commit();
        return out;
    });
}

}  // namespace tessera::store
