#include "store/postgres/PgConnection.h"

#include <poll.h>

#include <cstdlib>
#include <optional>
#include <vector>

namespace tessera::store::postgres {
namespace {

SqlFailure::Kind kindOf(std::string_view sqlState) {
    if (sqlState.starts_with("23")) return SqlFailure::Kind::Constraint;
    if (sqlState.starts_with("40") || sqlState == "55P03") return SqlFailure::Kind::Busy;
    // Connection lost (08), shutting down (57P), out of disk, memory or connections (53), a
    // read-only server such as a standby after a failover (25006): retry later, a 503.
    if (sqlState.starts_with("08") || sqlState.starts_with("57P") || sqlState.starts_with("53") ||
        sqlState == "25006")
        return SqlFailure::Kind::Unavailable;
    return SqlFailure::Kind::Other;
}

// `?` to `$n`, outside string literals and quoted names.
std::string numberPlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$';
            out += std::to_string(next++);
        } else {
            out += c;
        }
    }
    return out;
}

char hexDigit(unsigned value) {
    return "0123456789abcdef"[value & 0xf];
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class PgStatement final : public SqlStatement {
  public:
    using SqlStatement::bind;

    PgStatement(PgConnection& connection, std::string_view sql)
        : connection_(connection),
          sql_(numberPlaceholders(sql)),
          reads_(sql.starts_with("SELECT")) {}

    PgStatement& bind(int index, std::string_view text) override {
        slot(index) = std::string(text);
        return *this;
    }
    PgStatement& bind(int index, std::int64_t value) override {
        slot(index) = std::to_string(value);
        return *this;
    }
    PgStatement& bindBlob(int index, std::span<const std::uint8_t> blob) override {
        // bytea's hex input form: \x followed by two digits per byte.
        std::string text = "\\x";
        for (auto byte : blob) {
            text += hexDigit(byte >> 4);
            text += hexDigit(byte);
        }
        slot(index) = std::move(text);
        return *this;
    }
    PgStatement& bindNull(int index) override {
        slot(index) = std::nullopt;
        return *this;
    }

    bool step() override {
        if (!result_) {
            std::vector<const char*> values;
            for (const auto& parameter : parameters_)
                values.push_back(parameter ? parameter->c_str() : nullptr);
            result_ = connection_.send(reads_, [&](PGconn* connection) {
                return PQexecParams(connection, sql_.c_str(), int(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
            });
            PgConnection::check(connection_.handle(), result_.get());
            rows_ = PQntuples(result_.get());
            row_ = -1;
        }
        return ++row_ < rows_;
    }

    std::string text(int column) const override {
        return std::string(PQgetvalue(result_.get(), row_, column),
                           size_t(PQgetlength(result_.get(), row_, column)));
    }
    std::int64_t integer(int column) const override {
        if (isNull(column)) return 0;
        return std::strtoll(PQgetvalue(result_.get(), row_, column), nullptr, 10);
    }
    bool isNull(int column) const override { return PQgetisnull(result_.get(), row_, column) == 1; }
    std::string blob(int column) const override {
        auto hex = text(column);
        std::string out;
        if (!hex.starts_with("\\x")) return out;
        for (size_t i = 2; i + 1 < hex.size(); i += 2) {
            int high = hexValue(hex[i]), low = hexValue(hex[i + 1]);
            if (high < 0 || low < 0) return {};
            out += char(high * 16 + low);
        }
        return out;
    }

  private:
    std::optional<std::string>& slot(int index) {
        if (size_t(index) > parameters_.size()) parameters_.resize(size_t(index));
        return parameters_[size_t(index - 1)];
    }

    PgConnection& connection_;
    std::string sql_;
    bool reads_;
    std::vector<std::optional<std::string>> parameters_;
    PgResultPtr result_;
    int rows_ = 0;
    int row_ = -1;
};

}  // namespace

PgConnPtr connectTo(const std::string& url) {
    // Later keywords win; the expanded URL comes last, so what it says overrides these defaults.
    const char* keywords[] = {"connect_timeout",
                              "keepalives",
                              "keepalives_idle",
                              "keepalives_interval",
                              "keepalives_count",
                              "dbname",
                              nullptr};
    const char* values[] = {"5", "1", "10", "5", "3", url.c_str(), nullptr};
    return PgConnPtr(PQconnectdbParams(keywords, values, 1));
}

PgConnection::PgConnection(const std::string& url) : connection_(connectTo(url)) {
    if (!connection_ || PQstatus(connection_.get()) != CONNECTION_OK) {
        // libpq's message names the host and the reason, never the password.
        std::string reason = connection_ ? PQerrorMessage(connection_.get()) : "out of memory";
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
            reason.pop_back();
        throw SqlFailure(SqlFailure::Kind::Unavailable, "cannot connect to PostgreSQL: " + reason);
    }
}

void PgConnection::check(PGconn* connection, const PGresult* result) {
    auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    auto kind = state ? kindOf(state) : SqlFailure::Kind::Other;
    if (PQstatus(connection) == CONNECTION_BAD) kind = SqlFailure::Kind::Unavailable;
    throw SqlFailure(kind, "postgresql: " + message);
}

void PgConnection::ensureConnected() {
    if (PQstatus(connection_.get()) == CONNECTION_OK && (inTransaction_ || !closedWhileIdle()))
        return;
    // Never inside a transaction: the rest of it would run without the part already sent.
    if (inTransaction_)
        throw SqlFailure(SqlFailure::Kind::Unavailable, "the connection to PostgreSQL is lost");
    PQreset(connection_.get());
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
        throw SqlFailure(SqlFailure::Kind::Unavailable, "the connection to PostgreSQL is lost");
    }
}

bool PgConnection::closedWhileIdle() const {
    // Between transactions the server sends nothing unless it is ending the session (a restart,
    // a failover, pg_terminate_backend), and libpq notices only when it next reads. Anything
    // readable now means the connection is not worth a statement; a reset costs one reconnect.
    pollfd idle{PQsocket(connection_.get()), POLLIN, 0};
    return ::poll(&idle, 1, 0) != 0;
}

std::unique_ptr<SqlStatement> PgConnection::prepare(std::string_view sql) {
    ensureConnected();
    return std::make_unique<PgStatement>(*this, sql);
}

void PgConnection::exec(std::string_view sql) {
    // ROLLBACK TO SAVEPOINT stays inside the transaction: only the whole words end it.
    bool ends = sql == "COMMIT" || sql == "ROLLBACK";
    if (ends) {
        inTransaction_ = false;
    } else {
        ensureConnected();
    }
    bool begins = sql.starts_with("BEGIN");
    auto result = send(begins, [text = std::string(sql)](PGconn* connection) {
        return PQexec(connection, text.c_str());
    });
    check(connection_.get(), result.get());
    // Only a BEGIN that succeeded opens a transaction (one that failed has no ROLLBACK coming).
    if (begins) inTransaction_ = true;
}

PgResultPtr PgConnection::send(bool repeatable, const std::function<PGresult*(PGconn*)>& send) {
    PgResultPtr result(send(connection_.get()));
    // pg_terminate_backend, a restart or a failover signals the backend before it closes its
    // socket, so a session can pass the idle check and still be ending when the statement
    // arrives. Nothing of a transaction is lost by sending a BEGIN or a read again.
    if (repeatable && !inTransaction_ && PQstatus(connection_.get()) == CONNECTION_BAD) {
        PQreset(connection_.get());
        if (PQstatus(connection_.get()) == CONNECTION_OK) result.reset(send(connection_.get()));
    }
    return result;
}

}  // namespace tessera::store::postgres
