// The rows the in-memory Directory does not hold: audit events (AUD-1) and PAT-limit requests
// (PAT-6). Read on request, written inside the batch's transaction.
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "store/Columns.h"
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
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec || !value.is_object()) return out;
    for (const auto& [key, item] : value.as_object()) {
        if (item.is_string()) out.emplace_back(std::string(key), std::string(item.as_string()));
    }
    return out;
}

AuditEvent readEvent(const SqlRow& row) {
    AuditEvent event;
    event.locator = row.text(0);
    event.businessAccount = row.text(1);
    event.timestamp = timestamp(row.integer(2));
    event.type = row.text(3);
    event.actorLocator = row.text(4);
    event.actorMethod = row.text(5);
    event.actorTokenName = row.text(6);
    event.requestId = row.text(7);
    event.clientAddress = row.text(8);
    event.data = decodeData(row.text(9));
    return event;
}

constexpr std::string_view kSelectLimitRequest =
    "SELECT locator, user_locator, business_account, requested_limit, reason, state, created_at, "
    "decided_at, decided_by, decision_note FROM pat_limit_requests";

LimitRequest readLimitRequest(const SqlRow& row) {
    LimitRequest request;
    request.locator = row.text(0);
    request.userLocator = row.text(1);
    request.businessAccount = row.text(2);
    request.requestedLimit = int(row.integer(3));
    request.reason = row.text(4);
    request.state = parseLimitRequestState(row.text(5)).value_or(LimitRequestState::Pending);
    request.createdAt = timestamp(row.integer(6));
    if (!row.isNull(7)) request.decidedAt = timestamp(row.integer(7));
    request.decidedBy = row.text(8);
    request.decisionNote = row.text(9);
    return request;
}

std::string encodeProvider(const IdentityProvider& provider) {
    boost::json::object out{{"issuer", provider.issuer},
                            {"authorizationEndpoint", provider.authorizationEndpoint},
                            {"tokenEndpoint", provider.tokenEndpoint},
                            {"jwksUri", provider.jwksUri},
                            {"clientId", provider.clientId},
                            {"sealedClientSecret", provider.sealedClientSecret},
                            {"singleSignOnServiceUrl", provider.singleSignOnServiceUrl},
                            {"idpEntityId", provider.idpEntityId},
                            {"signingCertificatePem", provider.signingCertificatePem}};
    return boost::json::serialize(out);
}

IdentityProvider readProvider(const SqlRow& row) {
    IdentityProvider provider;
    provider.businessAccount = row.text(0);
    provider.id = row.text(1);
    provider.type = row.text(2) == "saml" ? IdentityProviderType::Saml : IdentityProviderType::Oidc;
    provider.displayName = row.text(3);
    provider.createdAt = timestamp(row.integer(4));
    boost::system::error_code ec;
    auto config = boost::json::parse(row.text(5), ec);
    if (ec || !config.is_object()) return provider;
    auto get = [&](const char* name, std::string& field) {
        if (auto found = config.as_object().if_contains(name); found && found->is_string())
            field = found->as_string();
    };
    get("issuer", provider.issuer);
    get("authorizationEndpoint", provider.authorizationEndpoint);
    get("tokenEndpoint", provider.tokenEndpoint);
    get("jwksUri", provider.jwksUri);
    get("clientId", provider.clientId);
    get("sealedClientSecret", provider.sealedClientSecret);
    get("singleSignOnServiceUrl", provider.singleSignOnServiceUrl);
    get("idpEntityId", provider.idpEntityId);
    get("signingCertificatePem", provider.signingCertificatePem);
    return provider;
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

}  // namespace

Error SqlStore::storeFailure(const SqlFailure& failure) {
    switch (failure.kind) {
        case SqlFailure::Kind::Constraint:
            return Error{ErrorCode::Conflict, "the change conflicts with existing data"};
        case SqlFailure::Kind::Busy:
            // Contention between writers (a serialisation failure, a lock timeout): the caller
            // retries, nothing for the operator.
            return Error{ErrorCode::Unavailable, "the store is busy; try again"};
        case SqlFailure::Kind::Unavailable:
            // The operator needs the cause (a full disk, a lost connection); the client only
            // that it may retry. Constraint messages are not logged: they can quote key values.
            if (firstThisSecond()) spdlog::warn("store unavailable: {}", failure.what());
            return Error{ErrorCode::Unavailable, "the store is unavailable; try again"};
        case SqlFailure::Kind::Other:
            break;
    }
    spdlog::error("store failed: {}", failure.what());
    return Error{ErrorCode::Internal, "the store failed"};
}

void SqlStore::writeEvents(SqlConnection& db, const std::vector<AuditEvent>& events) {
    for (const auto& event : events) {
        db.prepare(
              "INSERT INTO audit_events (locator, business_account, at, type, actor_locator, "
              "actor_method, actor_token_name, request_id, client_address, data) VALUES (?, "
              "?, ?, ?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, event.locator)
            .bind(2, event.businessAccount)
            .bind(3, seconds(event.timestamp))
            .bind(4, event.type)
            .bind(5, event.actorLocator)
            .bind(6, event.actorMethod)
            .bind(7, event.actorTokenName)
            .bind(8, event.requestId)
            .bind(9, event.clientAddress)
            .bind(10, encodeData(event.data))
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
            ->bind(1, request.locator)
            .bind(2, request.userLocator)
            .bind(3, request.businessAccount)
            .bind(4, std::int64_t(request.requestedLimit))
            .bind(5, request.reason)
            .bind(6, limitRequestStateName(request.state))
            .bind(7, seconds(request.createdAt))
            .bind(8, optionalSeconds(request.decidedAt))
            .bind(9, request.decidedBy)
            .bind(10, request.decisionNote)
            .run();
    }
}

void SqlStore::writeIdentityProviders(SqlConnection& db, const WriteBatch& batch) {
    for (const auto& [businessAccount, id] : batch.deleteIdentityProviders) {
        db.prepare("DELETE FROM identity_providers WHERE business_account = ? AND id = ?")
            ->bind(1, businessAccount)
            .bind(2, id)
            .run();
    }
    for (const auto& provider : batch.putIdentityProviders) {
        db.prepare(
              "INSERT INTO identity_providers (business_account, id, type, display_name, "
              "created_at, config) VALUES (?, ?, ?, ?, ?, ?)")
            ->bind(1, provider.businessAccount)
            .bind(2, provider.id)
            .bind(3, identityProviderTypeName(provider.type))
            .bind(4, provider.displayName)
            .bind(5, seconds(provider.createdAt))
            .bind(6, encodeProvider(provider))
            .run();
    }
}

Result<std::vector<IdentityProvider>> SqlStore::listIdentityProviders(
    std::string_view businessAccount) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        auto select = db.prepare(
            "SELECT business_account, id, type, display_name, created_at, config "
            "FROM identity_providers WHERE business_account = ? ORDER BY id");
        select->bind(1, businessAccount);
        std::vector<IdentityProvider> out;
        while (select->step()) out.push_back(readProvider(*select));
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<std::vector<AuditEvent>> SqlStore::listEvents(const EventQuery& query) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
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
        select->bind(next++, std::int64_t(query.limit));
        std::vector<AuditEvent> out;
        while (select->step()) out.push_back(readEvent(*select));
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<std::vector<LimitRequest>> SqlStore::listLimitRequests(const LimitRequestQuery& query) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        std::string sql = std::string(kSelectLimitRequest) + " WHERE 1 = 1";
        if (!query.businessAccount.empty()) sql += " AND business_account = ?";
        if (!query.userLocator.empty()) sql += " AND user_locator = ?";
        if (query.state) sql += " AND state = ?";
        sql += " ORDER BY locator";
        auto select = db.prepare(sql);
        int next = 1;
        if (!query.businessAccount.empty()) select->bind(next++, query.businessAccount);
        if (!query.userLocator.empty()) select->bind(next++, query.userLocator);
        if (query.state) select->bind(next++, limitRequestStateName(*query.state));
        std::vector<LimitRequest> out;
        while (select->step()) out.push_back(readLimitRequest(*select));
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<std::optional<LimitRequest>> SqlStore::findLimitRequest(std::string_view locator) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        auto select = db.prepare(std::string(kSelectLimitRequest) + " WHERE locator = ?");
        select->bind(1, locator);
        if (!select->step()) return std::optional<LimitRequest>{};
        return std::optional<LimitRequest>{readLimitRequest(*select)};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<std::vector<SealedKey>> SqlStore::loadKeys() {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        std::vector<SealedKey> out;
        for (auto q = db.prepare("SELECT name, sealed, created_at FROM key_material ORDER BY name");
             q->step();)
            out.push_back({q->text(0), q->text(1), timestamp(q->integer(2))});
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<SealedKey> SqlStore::putKeyOnce(const SealedKey& key) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        SqlTransaction transaction(db, dialect_.beginWrite);
        db.prepare(
              "INSERT INTO key_material (name, sealed, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT(name) DO NOTHING")
            ->bind(1, key.name)
            .bind(2, key.sealed)
            .bind(3, seconds(key.createdAt))
            .run();
        auto stored =
            db.prepare("SELECT name, sealed, created_at FROM key_material WHERE name = ?");
        stored->bind(1, key.name);
        if (!stored->step()) return fail(ErrorCode::Internal, "the key was not stored");
        SealedKey out{stored->text(0), stored->text(1), timestamp(stored->integer(2))};
        transaction.commit();
        return out;
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

}  // namespace tessera::store
