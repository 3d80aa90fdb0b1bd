#include "store/postgres/PgListener.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace tessera::store::postgres {
namespace {

constexpr std::chrono::milliseconds kMaxBackoff{5000};

Error unreachable() {
    return Error{ErrorCode::Unavailable, "the database cannot be reached; reconnecting"};
}

}  // namespace

PgListener::PgListener(std::string url, std::string origin)
    : url_(std::move(url)), origin_(std::move(origin)) {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        throw std::runtime_error("cannot create the listener's wake pipe");
    wakeRead_ = fds[0];
    wakeWrite_ = fds[1];
}

PgListener::~PgListener() {
    ::close(wakeRead_);
    ::close(wakeWrite_);
}

void PgListener::interrupt() {
    char byte = 1;
    (void)!::write(wakeWrite_, &byte, 1);
}

bool PgListener::reconnect() {
    connection_ = connectTo(url_);
    if (connection_ && PQstatus(connection_.get()) == CONNECTION_OK) {
        PgResultPtr listening(PQexec(connection_.get(), "LISTEN tessera_changes"));
        if (listening && PQresultStatus(listening.get()) == PGRES_COMMAND_OK) {
            backoff_ = std::chrono::milliseconds(100);
            return true;
        }
    }
    connection_.reset();
    nextAttempt_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
    return false;
}

void PgListener::lost() {
    connection_.reset();
    nextAttempt_ = Clock::now();  // the first attempt right away, then the backoff
}

bool PgListener::pollFor(int socket, std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{wakeRead_, POLLIN, 0}, {socket, POLLIN, 0}};
    int count = socket >= 0 ? 2 : 1;
    int ready = ::poll(fds, nfds_t(count), int(std::max<std::int64_t>(0, timeout.count())));
    if (ready > 0 && (fds[0].revents & POLLIN)) {
        char buffer[64];
        while (::read(wakeRead_, buffer, sizeof buffer) > 0) {
        }
    }
    return ready > 0 && count == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR));
}

bool PgListener::drainNotifications() {
    bool foreign = false;
    while (PGnotify* notification = PQnotifies(connection_.get())) {
        if (origin_ != notification->extra) foreign = true;
        PQfreemem(notification);
    }
    return foreign;
}

Result<bool> PgListener::wait(std::chrono::milliseconds timeout) {
    if (!connection_) {
        auto now = Clock::now();
        if (now < nextAttempt_) {
            auto pause = std::chrono::duration_cast<std::chrono::milliseconds>(nextAttempt_ - now);
            pollFor(-1, std::min(pause, timeout));
            return std::unexpected(unreachable());
        }
        if (!reconnect()) return std::unexpected(unreachable());
        return true;  // back: whatever was notified meanwhile is lost, so read the log
    }
    if (drainNotifications()) return true;
    if (!pollFor(PQsocket(connection_.get()), timeout)) return false;
    if (PQconsumeInput(connection_.get()) == 0 || PQstatus(connection_.get()) == CONNECTION_BAD) {
        lost();
        return std::unexpected(unreachable());
    }
    return drainNotifications();
}

}  // namespace tessera::store::postgres
