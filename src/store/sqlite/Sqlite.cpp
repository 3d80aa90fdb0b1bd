#include "store/sqlite/Sqlite.h"

namespace tessera::store::sqlite {
namespace {

SqlFailure::Kind kindOf(int code) {
    switch (code & 0xff) {
        case SQLITE_CONSTRAINT:
            return SqlFailure::Kind::Constraint;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return SqlFailure::Kind::Busy;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
            return SqlFailure::Kind::Unavailable;
        default:
            return SqlFailure::Kind::Other;
    }
}

[[noreturn]] void raise(sqlite3* db, int code) {
    throw SqlFailure(kindOf(code),
                     std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), int(sql.size()), &statement_, nullptr);
    if (rc != SQLITE_OK) raise(db, rc);
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, std::string_view text) {
    int rc = sqlite3_bind_text(statement_, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) raise(db_, rc);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(statement_, index, value);
    if (rc != SQLITE_OK) raise(db_, rc);
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> blob) {
    int rc = sqlite3_bind_blob(statement_, index, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) raise(db_, rc);
    return *this;
}

Statement& Statement::bindNull(int index) {
    int rc = sqlite3_bind_null(statement_, index);
    if (rc != SQLITE_OK) raise(db_, rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    raise(db_, sqlite3_extended_errcode(db_));
}

std::string Statement::text(int column) const {
    auto* data = sqlite3_column_text(statement_, column);
    int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string(reinterpret_cast<const char*>(data), size_t(size)) : std::string();
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(statement_, column);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::string Statement::blob(int column) const {
    const void* data = sqlite3_column_blob(statement_, column);
    int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string(static_cast<const char*>(data), size_t(size)) : std::string();
}

Database::Database(const std::string& path) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqlFailure(kindOf(rc), "cannot open the database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
}

Database::~Database() {
    sqlite3_close(db_);
}

void Database::exec(std::string_view sql) {
    std::string terminated(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, terminated.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw SqlFailure(kindOf(rc), "sqlite: " + message);
    }
}

std::unique_ptr<SqlStatement> Database::prepare(std::string_view sql) {
    return std::make_unique<Statement>(db_, sql);
}

}  // namespace tessera::store::sqlite
