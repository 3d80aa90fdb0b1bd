// State that is shared by every instance but lives for minutes (SSO logins under way, one-time
// codes, the SAML replay guard, login-failure counters) and the key-material rotation. Single
// statements, each atomic on its own: an upsert or a delete that returns what it did, so two
// instances asking at once never both win.
#include "store/Columns.h"
#include "store/SqlStore.h"

namespace tessera::store {

Result<bool> SqlStore::putTransient(std::string_view kind, std::string_view key,
                                    std::string_view value, domain::Timestamp expiresAt,
                                    domain::Timestamp now) {
    auto lease = this->lease();
    try {
        // Takes the key when it is free or its value has expired; RETURNING tells which.
        auto put = (*lease).prepare(
            "INSERT INTO transient_state (kind, key, value, expires_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at WHERE transient_state.expires_at <= ? "
            "RETURNING 1");
        put->bind(1, kind).bind(2, key).bind(3, value).bind(4, seconds(expiresAt));
        put->bind(5, seconds(now));
        return put->step();
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<std::optional<std::string>> SqlStore::takeTransient(std::string_view kind,
                                                           std::string_view key,
                                                           domain::Timestamp now) {
    auto lease = this->lease();
    try {
        auto take = (*lease).prepare(
            "DELETE FROM transient_state WHERE kind = ? AND key = ? RETURNING value, expires_at");
        take->bind(1, kind).bind(2, key);
        if (!take->step()) return std::optional<std::string>{};
        auto value = take->text(0);
        if (timestamp(take->integer(1)) <= now) return std::optional<std::string>{};
        return std::optional<std::string>{std::move(value)};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<AttemptCounter> SqlStore::countAttempt(const CountAttempt& attempt) {
    auto lease = this->lease();
    auto now = seconds(attempt.now);
    auto lockedUntil = now + attempt.lockout.count();
    auto windowStart = now - attempt.window.count();  // a count from before this starts again
    try {
        auto count = (*lease).prepare(
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
        count->bind(1, attempt.kind).bind(2, attempt.key).bind(3, now).bind(4, attempt.limit);
        count->bind(5, lockedUntil).bind(6, windowStart).bind(7, windowStart).bind(8, now);
        count->bind(9, windowStart).bind(10, attempt.limit).bind(11, lockedUntil);
        count->bind(12, windowStart);
        if (!count->step()) return fail(ErrorCode::Internal, "the attempt was not counted");
        return AttemptCounter{count->integer(0), timestamp(count->integer(1)),
                              timestamp(count->integer(2))};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<std::optional<AttemptCounter>> SqlStore::readCounter(std::string_view kind,
                                                            std::string_view key) {
    auto lease = this->lease();
    try {
        auto read = (*lease).prepare(
            "SELECT count, since, locked_until FROM attempt_counters WHERE kind = ? AND key = ?");
        read->bind(1, kind).bind(2, key);
        if (!read->step()) return std::optional<AttemptCounter>{};
        return std::optional<AttemptCounter>{AttemptCounter{
            read->integer(0), timestamp(read->integer(1)), timestamp(read->integer(2))}};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<void> SqlStore::clearCounter(std::string_view kind, std::string_view key) {
    auto lease = this->lease();
    try {
        (*lease)
            .prepare("DELETE FROM attempt_counters WHERE kind = ? AND key = ?")
            ->bind(1, kind)
            .bind(2, key)
            .run();
        return {};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<void> SqlStore::pruneShortLived(domain::Timestamp now) {
    auto lease = this->lease();
    try {
        auto& db = *lease;
        db.prepare("DELETE FROM transient_state WHERE expires_at <= ?")
            ->bind(1, seconds(now))
            .run();
        // A day after a count began, neither its window nor its lockout is still running.
        db.prepare("DELETE FROM attempt_counters WHERE since <= ? AND locked_until <= ?")
            ->bind(1, seconds(now) - 86'400)
            .bind(2, seconds(now))
            .run();
        return {};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

Result<void> SqlStore::replaceKeys(const std::vector<SealedKey>& put,
                                   const std::vector<std::string>& remove) {
    auto lease = this->lease();
    auto& db = *lease;
    try {
        SqlTransaction transaction(db, dialect_.beginWrite);
        for (const auto& name : remove)
            db.prepare("DELETE FROM key_material WHERE name = ?")->bind(1, name).run();
        for (const auto& key : put) {
            db.prepare(
                  "INSERT INTO key_material (name, sealed, created_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, "
                  "created_at = excluded.created_at")
                ->bind(1, key.name)
                .bind(2, key.sealed)
                .bind(3, seconds(key.createdAt))
                .run();
        }
        // Every instance reloads its keys when it sees this entry.
        appendChange(db, "key_material", "");
        if (!dialect_.afterWrite.empty()) db.prepare(dialect_.afterWrite)->bind(1, origin_).run();
        transaction.commit();
        return {};
    } catch (const SqlFailure& failure) {
        return std::unexpected(storeFailure(failure));
    }
}

}  // namespace tessera::store
