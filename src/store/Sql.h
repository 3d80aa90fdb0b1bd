#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::store {

// The few things SqlStore needs from a database: statements with positional parameters (`?`),
// rows read by column index, and plain SQL. SQLite and PostgreSQL implement it; everything
// else about the stored rows is shared (SqlStore).
class SqlRow {
  public:
    virtual ~SqlRow() = default;
    virtual std::string text(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual bool isNull(int column) const = 0;
    virtual std::string blob(int column) const = 0;
};

class SqlStatement : public SqlRow {
  public:
    virtual SqlStatement& bind(int index, std::string_view text) = 0;
    virtual SqlStatement& bind(int index, std::int64_t value) = 0;
    virtual SqlStatement& bindBlob(int index, std::span<const std::uint8_t> blob) = 0;
    virtual SqlStatement& bindNull(int index) = 0;
    SqlStatement& bind(int index, std::optional<std::int64_t> value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    // Binds `values` to the parameters 1, 2, … in their order: text (whatever a string_view is
    // made from), an integer, an optional integer (empty: NULL) or bytes (a blob).
    template <class... Values>
    SqlStatement& bindAll(const Values&... values) {
        int index = 0;
        (bindNext(++index, values), ...);
        return *this;
    }
    // True while a row is available; throws SqlFailure on error.
    virtual bool step() = 0;
    void run() {
        while (step()) {
        }
    }

  private:
    void bindNext(int index, std::string_view text) { bind(index, text); }
    void bindNext(int index, std::int64_t value) { bind(index, value); }
    void bindNext(int index, std::optional<std::int64_t> value) { bind(index, value); }
    void bindNext(int index, std::span<const std::uint8_t> blob) { bindBlob(index, blob); }
};

class SqlConnection {
  public:
    virtual ~SqlConnection() = default;
    virtual std::unique_ptr<SqlStatement> prepare(std::string_view sql) = 0;
    virtual void exec(std::string_view sql) = 0;
};

// A database failure, classified so the store can answer with the right error.
struct SqlFailure : std::runtime_error {
    enum class Kind {
        Constraint,   // a unique or foreign key violation: the change conflicts
        Busy,         // locked or a serialisation failure: try again
        Unavailable,  // the connection is gone or the server refuses
        Other,
    };
    SqlFailure(Kind kind, const std::string& message) : std::runtime_error(message), kind(kind) {}
    Kind kind;
};

// What differs between the SQL dialects, beyond the connection itself.
struct SqlDialect {
    std::vector<std::string_view> migrations;
    std::string_view beginWrite;      // a write transaction that serialises writers as needed
    std::string_view lockMigrations;  // excludes every other migrating instance (or empty)
    std::string_view unlockMigrations;
    std::string_view beginSnapshot;  // a read transaction with one consistent view
    std::string_view forUpdate;      // appended to a SELECT that must lock the rows it reads
    std::string_view skipLocked;     // appended to a SELECT that locks rows no other writer holds
    std::string_view greatest;       // the two-argument maximum function
    std::string_view nowSeconds;     // the database's clock, in seconds since the epoch
    std::string_view afterWrite;  // before COMMIT of every write, with the origin as ?1 (or empty)
    // Whether change-log numbers are contiguous: SQLite's single writer takes each number in its
    // own transaction; a PostgreSQL sequence keeps numbers that a rolled-back write took.
    bool gaplessChangeLog = true;
    virtual ~SqlDialect() = default;
    virtual int schemaVersion(SqlConnection& db) const = 0;
    virtual void setSchemaVersion(SqlConnection& db, int version) const = 0;
};

// Rolls back unless committed: a failed batch leaves nothing behind.
class SqlTransaction {
  public:
    SqlTransaction(SqlConnection& db, std::string_view begin) : db_(db) { db_.exec(begin); }
    ~SqlTransaction() {
        if (!done_) {
            try {
                db_.exec("ROLLBACK");
            } catch (const SqlFailure&) {
                // Already gone: the database rolled it back itself, or the connection is lost.
            }
        }
    }
    SqlTransaction(const SqlTransaction&) = delete;
    SqlTransaction& operator=(const SqlTransaction&) = delete;
    void commit() {
        db_.exec("COMMIT");
        done_ = true;
    }

  private:
    SqlConnection& db_;
    bool done_ = false;
};

}  // namespace tessera::store
