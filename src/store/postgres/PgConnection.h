#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>

#include "domain/UniqueHandle.h"
#include "store/Sql.h"

namespace tessera::store::postgres {

using PgConnPtr = UniqueHandle<PGconn, PQfinish>;
using PgResultPtr = UniqueHandle<PGresult, PQclear>;

// Opens a connection to `url` (a libpq URI or key=value string, passed unchanged) with defaults
// the URL may override: a 5 s connect timeout and TCP keepalives, so that a database that
// vanished without closing the connection is noticed within about half a minute.
PgConnPtr connectTo(const std::string& url);

// One libpq connection behind SqlConnection. Statements are sent with PQexecParams: parameters
// travel apart from the SQL text (never spliced into it), as text; `?` placeholders become
// `$1`, `$2`, … A lost connection, or one the server closed while it sat idle in the pool, is
// reset before the next statement that does not continue a transaction; a BEGIN or a read sent
// outside a transaction that meets a session the server was already ending is sent once more.
class PgConnection final : public SqlConnection {
  public:
    // Throws SqlFailure (Unavailable) when the server cannot be reached or refuses.
    explicit PgConnection(const std::string& url);

    std::unique_ptr<SqlStatement> prepare(std::string_view sql) override;
    void exec(std::string_view sql) override;
    PGconn* handle() const { return connection_.get(); }

    // Runs `send` on the connection. Outside a transaction, when `repeatable` (a BEGIN or a
    // read) and the server ended the session while it ran, reconnects and runs it once more.
    PgResultPtr send(bool repeatable, const std::function<PGresult*(PGconn*)>& send);

    // The failure a result stands for (SQLSTATE classes 23, 40, 08, 57P0x), or nothing.
    static void check(PGconn* connection, const PGresult* result);

  private:
    void ensureConnected();
    bool closedWhileIdle() const;
    PgConnPtr connection_;
    bool inTransaction_ = false;
};

}  // namespace tessera::store::postgres
