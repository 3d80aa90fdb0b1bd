#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/Error.h"
#include "store/Sql.h"

namespace tessera::store::sqlite {

// A prepared statement, finalised on destruction.
class Statement final : public SqlStatement {
  public:
    using SqlStatement::bind;
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text) override;
    Statement& bind(int index, std::int64_t value) override;
    Statement& bindBlob(int index, std::span<const std::uint8_t> blob) override;
    Statement& bindNull(int index) override;

    // True while a row is available; throws SqlFailure on error (callers translate to Result).
    bool step() override;

    std::string text(int column) const override;
    std::int64_t integer(int column) const override;
    bool isNull(int column) const override;
    std::string blob(int column) const override;

  private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

class Database final : public SqlConnection {
  public:
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    std::unique_ptr<SqlStatement> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

}  // namespace tessera::store::sqlite
