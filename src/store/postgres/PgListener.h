#pragma once

#include <chrono>
#include <string>

#include "store/Store.h"
#include "store/postgres/PgConnection.h"

namespace tessera::store::postgres {

// LISTEN tessera_changes on a connection of its own. Every write's transaction sends its origin
// as the payload, so this instance's own writes wake nobody here. A lost connection is reopened
// with a backoff (0.1 s doubling to 5 s); the wait after a reconnect reports a signal, because
// notifications sent meanwhile are gone and the log must be read.
class PgListener final : public ChangeSignal {
  public:
    PgListener(std::string url, std::string origin);
    ~PgListener() override;
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    Result<bool> wait(std::chrono::milliseconds timeout) override;
    void interrupt() override;

  private:
    using Clock = std::chrono::steady_clock;
    // Opens and listens; false (and the next attempt scheduled) when that fails.
    bool reconnect();
    void lost();
    // Waits for the wake pipe and, when `connection` is set, its socket; true when it is readable.
    bool pollFor(int socket, std::chrono::milliseconds timeout);
    bool drainNotifications();

    std::string url_;
    std::string origin_;
    PgConnPtr connection_;
    int wakeRead_ = -1;
    int wakeWrite_ = -1;
    Clock::time_point nextAttempt_{};
    std::chrono::milliseconds backoff_{100};
};

}  // namespace tessera::store::postgres
