// The server's own failure handling, through real sockets: a handler that throws, a full worker
// queue and a connection bound (docs/api.md, errors: 500, 503 with Retry-After; never a crash).
#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/Metrics.h"
#include "http/Server.h"

namespace tessera::http {
namespace {

// GET /boom throws on the I/O thread, POST /boom on a worker, POST /wait blocks its worker until
// released; everything else is a 200.
class ScriptedHandler final : public RequestHandler {
  public:
    bool needsWorker(const HttpRequest& request) const override { return request.method != "GET"; }
    HttpResponse handle(const HttpRequest& request) override {
        if (request.path == "/boom") throw std::runtime_error("scripted failure");
        if (request.path == "/wait") {
            std::unique_lock lock(mutex_);
            waiting_ = true;
            changed_.notify_all();
            changed_.wait(lock, [&] { return released_; });
        }
        HttpResponse response;
        response.contentType = "text/plain";
        response.body = "ok";
        return response;
    }
    void awaitWaiting() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return waiting_; });
    }
    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        changed_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool waiting_ = false;
    bool released_ = false;
};

// A blocking HTTP/1.1 client on one connection, enough to read our own responses.
class Connection {
  public:
    explicit Connection(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot connect");
        limitReadsTo(std::chrono::seconds(10));
    }
    ~Connection() { ::close(fd_); }
    int fd() const { return fd_; }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void sendRaw(std::string_view bytes) {
        ASSERT_EQ(::write(fd_, bytes.data(), bytes.size()), ssize_t(bytes.size()));
    }
    // Bounds every later read (10 s from the start), so that a server that never answers fails
    // the test instead of hanging it.
    void limitReadsTo(std::chrono::seconds limit) {
        timeval timeout{limit.count(), 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    void send(std::string_view method, std::string_view path) {
        std::string request = std::string(method) + " " + std::string(path) +
                              " HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n";
        ASSERT_EQ(::write(fd_, request.data(), request.size()), ssize_t(request.size()));
    }
    // The whole response (head and body), or nothing when the server closed the connection.
    std::optional<std::string> receive() {
        for (;;) {
            auto headEnd = buffer_.find("\r\n\r\n");
            if (headEnd != std::string::npos) {
                auto at = buffer_.find("Content-Length: ");
                size_t length = at == std::string::npos ? 0 : std::stoul(buffer_.substr(at + 16));
                if (buffer_.size() >= headEnd + 4 + length) {
                    auto response = buffer_.substr(0, headEnd + 4 + length);
                    buffer_.erase(0, response.size());
                    return response;
                }
            }
            char chunk[4096];
            auto got = ::read(fd_, chunk, sizeof chunk);
            if (got <= 0) return std::nullopt;
            buffer_.append(chunk, size_t(got));
        }
    }
    std::string exchange(std::string_view method, std::string_view path) {
        send(method, path);
        return receive().value_or("");
    }

  private:
    int fd_ = -1;
    std::string buffer_;
};

class RunningServer {
  public:
    // The access log is off unless the options send it somewhere other than standard error.
    explicit RunningServer(ServerOptions options) : metrics_(std::vector<Route>{}) {
        options.host = "127.0.0.1";
        options.port = 0;
        if (options.accessLogFd == 2) options.accessLog = false;
        options.metrics = &metrics_;
        server_.emplace(handler, options);
        port = server_->bind();
        thread_ = std::thread([this] { server_->run(nullptr); });
    }
    ~RunningServer() {
        handler.release();
        server_->stop();
        thread_.join();
    }
    // Condition-awaited, never slept for: the counters change as the server's threads run.
    bool openConnectionsBecome(std::int64_t expected) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (metrics_.openConnections() != expected) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::yield();
        }
        return true;
    }

    ScriptedHandler handler;
    std::uint16_t port = 0;

  private:
    Metrics metrics_;
    std::optional<Server> server_;
    std::thread thread_;
};

// Captures what the server logs while it lives.
class CapturedLog {
  public:
    CapturedLog() : previous_(spdlog::default_logger()) {
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink_));
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }
    bool contains(std::string_view text) const {
        for (const auto& line : sink_->last_formatted()) {
            if (line.find(text) != std::string::npos) return true;
        }
        return false;
    }

  private:
    std::shared_ptr<spdlog::logger> previous_;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_ =
        std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
};

TEST(Server, AHandlerThatThrowsIsALogged500AndTheConnectionCarriesOn) {
    CapturedLog log;
    RunningServer running({});
    {
        Connection connection(running.port);
        for (auto method : {"GET", "POST"}) {
            auto failed = connection.exchange(method, "/boom");
            EXPECT_TRUE(failed.starts_with("HTTP/1.1 500 ")) << method << ": " << failed;
            EXPECT_NE(failed.find("application/problem+json"), std::string::npos);
            EXPECT_NE(failed.find("\"code\":\"internal_error\""), std::string::npos) << failed;
            EXPECT_EQ(failed.find("scripted failure"), std::string::npos) << "no detail leaks";
            EXPECT_TRUE(connection.exchange(method, "/fine").starts_with("HTTP/1.1 200 "));
        }
        EXPECT_TRUE(running.openConnectionsBecome(1));
    }
    // The session's entry and the counters are released with the connection.
    EXPECT_TRUE(running.openConnectionsBecome(0));
    EXPECT_TRUE(log.contains("GET /boom failed unexpectedly: scripted failure id=req-"));
    EXPECT_TRUE(log.contains("POST /boom failed unexpectedly: scripted failure id=req-"));
}

TEST(Server, AFullWorkerQueueAnswers503WithRetryAfterWhileReadsGoOn) {
    ServerOptions options;
    options.workerThreads = 1;
    options.queuedPerWorker = 1;
    RunningServer running(options);
    Connection blocked(running.port);
    blocked.send("POST", "/wait");
    running.handler.awaitWaiting();

    Connection rejected(running.port);
    auto busy = rejected.exchange("POST", "/write");
    EXPECT_TRUE(busy.starts_with("HTTP/1.1 503 ")) << busy;
    EXPECT_NE(busy.find("Retry-After: "), std::string::npos) << busy;
    EXPECT_NE(busy.find("\"code\":\"service_unavailable\""), std::string::npos) << busy;
    EXPECT_TRUE(rejected.exchange("GET", "/read").starts_with("HTTP/1.1 200 "));

    running.handler.release();
    EXPECT_TRUE(blocked.receive().value_or("").starts_with("HTTP/1.1 200 "));
    EXPECT_TRUE(rejected.exchange("POST", "/write").starts_with("HTTP/1.1 200 "));
}

TEST(Server, ConnectionsBeyondTheBoundGetA503AndAreClosed) {
    ServerOptions options;
    options.maxConnections = 2;
    RunningServer running(options);
    auto first = std::make_unique<Connection>(running.port);
    Connection second(running.port);
    EXPECT_TRUE(first->exchange("GET", "/a").starts_with("HTTP/1.1 200 "));
    EXPECT_TRUE(second.exchange("GET", "/b").starts_with("HTTP/1.1 200 "));

    Connection third(running.port);
    auto refused = third.receive();
    ASSERT_TRUE(refused.has_value());
    EXPECT_TRUE(refused->starts_with("HTTP/1.1 503 ")) << *refused;
    EXPECT_NE(refused->find("Connection: close"), std::string::npos);
    EXPECT_NE(refused->find("Retry-After: "), std::string::npos);
    EXPECT_FALSE(third.receive().has_value()) << "the refused connection is closed";

    first.reset();
    ASSERT_TRUE(running.openConnectionsBecome(1));
    Connection fourth(running.port);
    EXPECT_TRUE(fourth.exchange("GET", "/c").starts_with("HTTP/1.1 200 "));
}

// The server feeds Beast's parser from its own reads: a request may arrive in pieces, and several
// may arrive in one read (pipelining); each is answered, in order.
TEST(Server, RequestsInPiecesAndBackToBackAreEachAnswered) {
    RunningServer running({});
    Connection connection(running.port);
    connection.sendRaw("GET /pieces HTTP/1.1\r\nHo");
    connection.sendRaw("st: test\r\n");
    connection.sendRaw("\r\n");
    EXPECT_TRUE(connection.receive().value_or("").starts_with("HTTP/1.1 200 "));
    connection.sendRaw("POST /body HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhello");
    connection.sendRaw("world");
    EXPECT_TRUE(connection.receive().value_or("").starts_with("HTTP/1.1 200 "));
    connection.sendRaw(
        "GET /one HTTP/1.1\r\nHost: test\r\n\r\nGET /two HTTP/1.1\r\nHost: test\r\n\r\n");
    EXPECT_TRUE(connection.receive().value_or("").starts_with("HTTP/1.1 200 "));
    EXPECT_TRUE(connection.receive().value_or("").starts_with("HTTP/1.1 200 "));
    // A request cut short by the end of the stream gets a 400 and the connection closes.
    connection.sendRaw("POST /short HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhalf");
    ::shutdown(connection.fd(), SHUT_WR);
    EXPECT_TRUE(connection.receive().value_or("").starts_with("HTTP/1.1 400 "));
    EXPECT_FALSE(connection.receive().has_value());
}

// Timeouts are deadlines swept once per tick: an idle connection is closed after the idle
// timeout, while one that keeps making requests is not.
TEST(Server, IdleConnectionsAreClosedAndBusyOnesAreNot) {
    ServerOptions options;
    options.idleTimeout = std::chrono::seconds(1);
    RunningServer running(options);
    Connection busy(running.port);
    auto opened = std::chrono::steady_clock::now();
    {
        Connection idle(running.port);
        // Requests 300 ms apart for longer than the timeout (the pauses are the test's input).
        for (int i = 0; i < 6; ++i) {
            EXPECT_TRUE(busy.exchange("GET", "/busy").starts_with("HTTP/1.1 200 ")) << i;
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
        EXPECT_FALSE(idle.receive().has_value()) << "the idle connection is closed";
        EXPECT_GE(std::chrono::steady_clock::now() - opened, std::chrono::seconds(1));
    }
    EXPECT_TRUE(busy.exchange("GET", "/still").starts_with("HTTP/1.1 200 "));
}

// The idle timeout covers waiting for a request and writing the answer, not handling it: a
// request whose handling outlasts the timeout is still answered.
TEST(Server, AHandlerSlowerThanTheIdleTimeoutIsStillAnswered) {
    ServerOptions options;
    options.idleTimeout = std::chrono::seconds(1);
    RunningServer running(options);
    Connection connection(running.port);
    connection.send("POST", "/wait");
    running.handler.awaitWaiting();
    // The handling lasts longer than the timeout (the pause is the test's input).
    std::this_thread::sleep_for(std::chrono::milliseconds(1600));
    running.handler.release();
    EXPECT_TRUE(connection.receive().value_or("").starts_with("HTTP/1.1 200 "));
}

// The access log: one line per request, written off the I/O thread, token values redacted.
TEST(Server, TheAccessLogHasALinePerRequestWithTokenValuesRedacted) {
    int pipeEnds[2];
    ASSERT_EQ(::pipe(pipeEnds), 0);
    std::string logged;
    {
        ServerOptions options;
        options.accessLogFd = pipeEnds[1];
        RunningServer running(options);
        Connection connection(running.port);
        EXPECT_TRUE(connection.exchange("GET", "/auth/users/tokens/tsr_secretvalue/x")
                        .starts_with("HTTP/1.1 200 "));
        EXPECT_TRUE(connection.exchange("POST", "/write").starts_with("HTTP/1.1 200 "));
        // Lines are handed to the writer within 100 ms; read until both are there.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::count(logged.begin(), logged.end(), '\n') < 2 &&
               std::chrono::steady_clock::now() < deadline) {
            pollfd ready{pipeEnds[0], POLLIN, 0};
            if (::poll(&ready, 1, 100) != 1) continue;
            char chunk[4096];
            auto got = ::read(pipeEnds[0], chunk, sizeof chunk);
            if (got > 0) logged.append(chunk, size_t(got));
        }
    }
    ::close(pipeEnds[0]);
    ::close(pipeEnds[1]);
    EXPECT_NE(logged.find(" info GET /auth/users/tokens/[redacted]/x 200 "), std::string::npos)
        << logged;
    EXPECT_NE(logged.find(" info POST /write 200 "), std::string::npos) << logged;
    EXPECT_EQ(logged.find("tsr_secretvalue"), std::string::npos) << "no token value is logged";
    EXPECT_NE(logged.find("us id=req-"), std::string::npos) << logged;
    EXPECT_NE(logged.find(" client=127.0.0.1\n"), std::string::npos) << logged;
    // "2026-12-02T21:53:26.123Z info …": the format of the other log lines.
    ASSERT_GE(logged.size(), 25u);
    EXPECT_EQ(logged[10], 'T');
    EXPECT_EQ(logged[19], '.');
    EXPECT_EQ(logged.substr(23, 6), "Z info");
}

}  // namespace
}  // namespace tessera::http
