#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/Error.h"

namespace tessera::store::sqlite {

// A prepared statement; reset on destruction so it can be reused from a cache.
class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bindBlob(int index, std::span<const std::uint8_t> blob);
    Statement& bindNull(int index);
    Statement& bind(int index, std::optional<std::int64_t> value);

    // True while a row is available; throws on error (callers translate to Result).
    bool step();
    void run();  // step to completion, expecting no rows

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    bool isNull(int column) const;
    std::string blob(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

// A SQLite failure that a use case can report (constraint) or that is fatal (I/O).
struct SqliteFailure : std::runtime_error {
    SqliteFailure(int code, const std::string& message) : std::runtime_error(message), code(code) {}
    int code;
};

class Database {
  public:
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

}  // namespace tessera::store::sqlite
