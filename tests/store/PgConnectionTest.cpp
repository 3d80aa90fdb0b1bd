#include "store/postgres/PgConnection.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "TestDatabase.h"

namespace tessera::store::postgres {
namespace {

std::int64_t backendPid(PgConnection& connection) {
    auto query = connection.prepare("SELECT pg_backend_pid()");
    EXPECT_TRUE(query->step());
    return query->integer(0);
}

// True while the thread is blocked in poll() (or ppoll()) with no timeout: libpq waiting for
// the server's answer, as opposed to the zero-timeout idle check before a statement.
bool waitingForTheServer(pid_t thread) {
    std::ifstream file("/proc/self/task/" + std::to_string(thread) + "/syscall");
    long number = -1;
    std::string fds, count, timeout;
    file >> number >> fds >> count >> timeout;
    if (number == SYS_poll) return timeout != "0x0";   // -1: wait for ever
    if (number == SYS_ppoll) return timeout == "0x0";  // NULL timespec: wait for ever
    return false;
}

// Holds a backend stopped; lets it run again at the latest when it goes out of scope, so that
// a failing test cannot leave a stopped process behind for the database's DROP to wait on.
class StoppedBackend {
  public:
    explicit StoppedBackend(std::int64_t pid) : pid_(pid_t(pid)) {
        stopped_ = ::kill(pid_, SIGSTOP) == 0;
    }
    ~StoppedBackend() { resume(); }
    bool stopped() const { return stopped_; }
    void resume() {
        if (stopped_) ::kill(pid_, SIGCONT);
        stopped_ = false;
    }

  private:
    pid_t pid_;
    bool stopped_ = false;
};

TEST(PgConnection, AConnectionTheServerEndedWhileIdleIsReplacedBeforeTheNextTransaction) {
    TestDatabase database("postgres");
    PgConnection connection(database.url()), admin(database.url());
    auto before = backendPid(connection);
    auto ended = admin.prepare("SELECT pg_terminate_backend(?, 5000)");  // waits until it exits
    ended->bind(1, before);
    ASSERT_TRUE(ended->step());

    connection.exec("BEGIN");
    EXPECT_NE(backendPid(connection), before);
    connection.exec("COMMIT");
}

// pg_terminate_backend (like a restart or a failover) signals the backend before it closes its
// socket. The backend is held stopped so that the idle check sees a healthy connection and what
// `send` sends reaches a session that ends instead of answering. Returns what `send` returned.
std::int64_t endTheSessionWhileSending(const std::string& url, PgConnection& connection,
                                       const std::function<std::int64_t()>& send) {
    PgConnection admin(url);
    auto before = backendPid(connection);
    StoppedBackend backend(before);
    EXPECT_TRUE(backend.stopped()) << "the tests run as root";
    auto ended = admin.prepare("SELECT pg_terminate_backend(?)");  // signals, does not wait
    ended->bind(1, before);
    EXPECT_TRUE(ended->step());

    std::promise<pid_t> thread;
    auto sent = std::async(std::launch::async, [&] {
        thread.set_value(pid_t(::syscall(SYS_gettid)));
        return send();
    });
    auto id = thread.get_future().get();
    while (!waitingForTheServer(id)) std::this_thread::yield();
    backend.resume();
    return sent.get();
}

TEST(PgConnection, ABeginThatMeetsASessionBeingEndedIsSentAgainOnANewOne) {
    TestDatabase database("postgres");
    PgConnection connection(database.url());
    auto before = backendPid(connection);
    auto after = endTheSessionWhileSending(database.url(), connection, [&] {
        connection.exec("BEGIN");
        return backendPid(connection);
    });
    EXPECT_NE(after, before) << "the BEGIN ran on a new session";
    connection.exec("COMMIT");
}

TEST(PgConnection, AReadOutsideATransactionThatMeetsASessionBeingEndedIsSentAgain) {
    TestDatabase database("postgres");
    PgConnection connection(database.url());
    auto before = backendPid(connection);
    auto after = endTheSessionWhileSending(database.url(), connection,
                                           [&] { return backendPid(connection); });
    EXPECT_NE(after, before);
}

}  // namespace
}  // namespace tessera::store::postgres
