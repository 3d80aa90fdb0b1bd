// State that is shared by every instance but lives for minutes (SSO logins under way, one-time
// codes, the SAML replay guard, login-failure counters) and the key-material rotation. Single
// statements, each atomic on its own: an upsert or a delete that returns what it did, so two
// instances asking at once never both win.
#include "store/Columns.h"
#include "store/SqlStore.h"

namespace tessera::store {
namespace {

AttemptCounter counterFrom(const SqlRow& row) {
    AttemptCounter counter;
    readColumns(row, counter.count, counter.since, counter.lockedUntil);
    return counter;
}

}  // namespace

Result<bool> SqlStore::putTransient(std::string_view kind, std::string_view key,
                                    std::string_view value, domain::Timestamp expiresAt,
                                    domain::Timestamp now) {
    return onConnection([&](SqlConnection& db) -> Result<bool> {
        // Takes the key when it is free or its value has expired; RETURNING tells which.
        auto put = db.prepare(
            "INSERT INTO transient_state (kind, key, value, expires_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at WHERE transient_state.expires_at <= ? "
            "RETURNING 1");
        put->bindAll(kind, key, value, seconds(expiresAt), seconds(now));
        return put->step();
    });
}

Result<std::optional<std::string>> SqlStore::takeTransient(std::string_view kind,
                                                           std::string_view key,
                                                           domain::Timestamp now) {
    return onConnection([&](SqlConnection& db) -> Result<std::optional<std::string>> {
        auto take = db.prepare(
            "DELETE FROM transient_state WHERE kind = ? AND key = ? RETURNING value, expires_at");
        take->bindAll(kind, key);
        if (!take->step()) return std::optional<std::string>{};
        auto value = take->text(0);
        if (timestamp(take->integer(1)) <= now) return std::optional<std::string>{};
        return std::optional<std::string>{std::move(value)};
    });
}

Result<AttemptCounter> SqlStore::countAttempt(const CountAttempt& attempt) {
    auto now = seconds(attempt.now);
    auto lockedUntil = now + attempt.lockout.count();
    auto windowStart = now - attempt.window.count();  // a count from before this starts again
    return onConnection([&](SqlConnection& db) -> Result<AttemptCounter> {
        auto count = db.prepare(
            "INSERT INTO attempt_counters (kind, key, count, since, locked_until) "
            "VALUES (?, ?, 1, ?, CASE WHEN 1 >= CAST(? AS BIGINT) THEN ? ELSE 0 END) "
            "ON CONFLICT (kind, key) DO UPDATE SET "
            "count = CASE WHEN attempt_counters.since <= ? THEN 1 "
            "ELSE attempt_counters.count + 1 END, "
            "since = CASE WHEN attempt_counters.since <= ? THEN ? ELSE attempt_counters.since END, "
            "locked_until = CASE WHEN (CASE WHEN attempt_counters.since <= ? THEN 1 "
            "ELSE attempt_counters.count + 1 END) >= CAST(? AS BIGINT) THEN ? "
            "WHEN attempt_counters.since <= ? THEN 0 ELSE attempt_counters.locked_until END "
            "RETURNING count, since, locked_until");
        count->bindAll(attempt.kind, attempt.key, now, attempt.limit, lockedUntil, windowStart,
                       windowStart, now, windowStart, attempt.limit, lockedUntil, windowStart);
        if (!count->step()) return fail(ErrorCode::Internal, "the attempt was not counted");
        return counterFrom(*count);
    });
}

Result<std::optional<AttemptCounter>> SqlStore::readCounter(std::string_view kind,
                                                            std::string_view key) {
    return onConnection([&](SqlConnection& db) -> Result<std::optional<AttemptCounter>> {
        auto read = db.prepare(
            "SELECT count, since, locked_until FROM attempt_counters WHERE kind = ? AND key = ?");
        read->bindAll(kind, key);
        if (!read->step()) return std::optional<AttemptCounter>{};
        return std::optional<AttemptCounter>{counterFrom(*read)};
    });
}

Result<void> SqlStore::clearCounter(std::string_view kind, std::string_view key) {
    return onConnection([&](SqlConnection& db) -> Result<void> {
        db.prepare("DELETE FROM attempt_counters WHERE kind = ? AND key = ?")
            ->bindAll(kind, key)
            .run();
        return {};
    });
}

Result<void> SqlStore::pruneShortLived(domain::Timestamp now) {
    return onConnection([&](SqlConnection& db) -> Result<void> {
        db.prepare("DELETE FROM transient_state WHERE expires_at <= ?")
            ->bind(1, seconds(now))
            .run();
        // A day after a count began, neither its window nor its lockout is still running.
        db.prepare("DELETE FROM attempt_counters WHERE since <= ? AND locked_until <= ?")
            ->bindAll(seconds(now) - 86'400, seconds(now))
            .run();
        pruneWebhooks(db, now);
        return {};
    });
}

Result<void> SqlStore::replaceKeys(const std::vector<SealedKey>& put,
                                   const std::vector<std::string>& remove) {
    return onConnection([&](SqlConnection& db) -> Result<void> {
        SqlTransaction transaction(db, dialect_.beginWrite);
        for (const auto& name : remove)
            db.prepare("DELETE FROM key_material WHERE name = ?")->bind(1, name).run();
        for (const auto& key : put) {
            db.prepare(
                  "INSERT INTO key_material (name, sealed, created_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, "
                  "created_at = excluded.created_at")
                ->bindAll(key.name, key.sealed, seconds(key.createdAt))
                .run();
        }
        // Every instance reloads its keys when it sees this entry.
        appendChange(db, "key_material", "");
        announceWrite(db);
        transaction.commit();
        return {};
    });
}

}  // namespace tessera::store
