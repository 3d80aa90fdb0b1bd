#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "../TestSupport.h"
#include "store/SqlStore.h"
#include "store/postgres/PgConnection.h"
#include "store/postgres/PgStore.h"
#include "store/sqlite/Sqlite.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::store {

// A database of its own for one test, on either backend: a file in a temporary directory for
// "sqlite"; for "postgres" a fresh database on the server that scripts/with-postgres started
// (TESSERA_TEST_POSTGRES, a superuser URL), dropped at the end. scripts/test always provides
// it: a missing server is a failure, not a skip.
class TestDatabase {
  public:
    explicit TestDatabase(std::string backend) : backend_(std::move(backend)) {
        if (backend_ == "sqlite") return;
        const char* admin = std::getenv("TESSERA_TEST_POSTGRES");
        if (!admin || !*admin) {
            throw std::runtime_error(
                "TESSERA_TEST_POSTGRES is not set: run the tests under scripts/with-postgres");
        }
        admin_ = admin;
        static std::atomic<int> counter{0};
        name_ = "tessera_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
        postgres::PgConnection(admin_).exec("CREATE DATABASE " + name_);
        auto slash = admin_.rfind('/');
        url_ = admin_.substr(0, slash + 1) + name_;
    }
    ~TestDatabase() {
        if (name_.empty()) return;
        try {
            postgres::PgConnection(admin_).exec("DROP DATABASE " + name_ + " WITH (FORCE)");
        } catch (const SqlFailure&) {
            // The server is gone: scripts/with-postgres removes everything anyway.
        }
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // Every call opens the same database: several stores stand for several instances.
    std::unique_ptr<SqlStore> open(const std::string& origin) {
        if (backend_ == "sqlite")
            return std::make_unique<sqlite::SqliteStore>(directory_.file("t.db"), origin);
        return std::make_unique<postgres::PgStore>(url_, origin, 2);
    }
    // A plain connection, for what the store itself must refuse.
    std::unique_ptr<SqlConnection> raw() {
        if (backend_ == "sqlite")
            return std::make_unique<sqlite::Database>(directory_.file("t.db"));
        return std::make_unique<postgres::PgConnection>(url_);
    }
    const std::string& url() const { return url_; }

  private:
    std::string backend_;
    testing::TempDir directory_;
    std::string admin_, name_, url_;
};

}  // namespace tessera::store
