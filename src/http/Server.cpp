#include "http/Server.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "http/Metrics.h"
#include "http/Problem.h"
#include "http/RequestView.h"
#include "service/IoThread.h"

namespace tessera::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Token values can appear in paths ({tokenOrName}); they never reach a log.
std::string redactedPath(std::string_view path) {
    std::string out;
    size_t start = 0;
    while (start < path.size()) {
        auto end = path.find('/', start + 1);
        if (end == std::string_view::npos) end = path.size();
        auto segment = path.substr(start, end - start);
        if (segment.starts_with("/tsr"))
            out += "/[redacted]";
        else
            out += segment;
        start = end;
    }
    return out;
}

// Refused connections beyond this many still lingering are closed at once, without an answer.
constexpr int kMaxLingeringRefusals = 256;

}  // namespace

std::uint64_t raiseFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur;
}

struct Server::Impl {
    struct Session;
    struct Loop {
        // Declared first, destroyed last: coroutine frames that the io_context destroys (a drain
        // that timed out) still unregister their sessions from it.
        std::set<Session*> sessions;  // touched only on this loop's thread
        asio::io_context context{1};
        std::unique_ptr<tcp::acceptor> acceptor;
    };
    struct Session {
        beast::tcp_stream stream;
        bool idle = true;
        explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
    };
    // A session is known to its loop (for the drain) and counted from accept to close, however
    // its coroutine ends.
    struct SessionRegistration {
        Impl& server;
        Loop& loop;
        Session& session;
        SessionRegistration(Impl& s, Loop& l, Session& session)
            : server(s), loop(l), session(session) {
            loop.sessions.insert(&session);
        }
        ~SessionRegistration() {
            loop.sessions.erase(&session);
            server.openConnections.fetch_sub(1, std::memory_order_relaxed);
            if (server.options.metrics) server.options.metrics->connectionClosed();
        }
    };
    struct PendingWorkerTask {
        std::atomic<int>& pending;
        explicit PendingWorkerTask(std::atomic<int>& p) : pending(p) { ++pending; }
        ~PendingWorkerTask() { --pending; }
    };

    // Writes and password hashing. Its threads run at the lowest CPU priority (nice 19) so that a
    // login flood, which keeps them busy with argon2, cannot take the CPU from the I/O threads
    // that answer /auth/check.
    struct WorkerPool {
        asio::io_context context;
        asio::executor_work_guard<asio::io_context::executor_type> guard{context.get_executor()};
        std::vector<std::thread> threads;

        explicit WorkerPool(int count) {
            for (int i = 0; i < count; ++i) {
                threads.emplace_back([this] {
                    // Best effort: without the right to lower its priority a thread still works.
                    (void)setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 19);
                    context.run();
                });
            }
        }
        void join() {
            guard.reset();
            for (auto& thread : threads) {
                if (thread.joinable()) thread.join();
            }
        }
        ~WorkerPool() { join(); }
    };

    RequestHandler& handler;
    ServerOptions options;
    std::vector<std::unique_ptr<Loop>> loops;
    WorkerPool workers;
    std::atomic<bool> draining{false};
    std::atomic<std::uint64_t> requestCounter{0};
    std::atomic<int> pendingWorkerTasks{0};
    int maxPendingWorkerTasks;
    std::atomic<int> openConnections{0};  // changed per connection, never per request
    std::atomic<int> lingeringRefusals{0};

    // The loops go first, while the counters their sessions' frames update still exist.
    ~Impl() { loops.clear(); }

    Impl(RequestHandler& h, ServerOptions o)
        : handler(h),
          options(std::move(o)),
          workers(std::max(1, options.workerThreads)),
          maxPendingWorkerTasks(std::max(1, options.workerThreads) * options.queuedPerWorker) {
        for (int i = 0; i < std::max(1, options.ioThreads); ++i)
            loops.push_back(std::make_unique<Loop>());
    }

    // HTTP/1.1 serialised into one buffer: one write per response, cheaper than Beast's
    // serializer for many small header fields. Values never hold CR or LF (the parser rejects
    // them in requests; our own are validated printable text).
    static void render(HttpResponse& response, bool keepAlive, std::string_view requestId,
                       std::string& out, bool withBody = true) {
        out.clear();
        out.append("HTTP/1.1 ").append(std::to_string(response.status)).append(" ");
        auto reason = bhttp::obsolete_reason(bhttp::int_to_status(unsigned(response.status)));
        out.append(reason.data(), reason.size()).append("\r\n");
        auto field = [&](std::string_view name, std::string_view value) {
            out.append(name).append(": ").append(value).append("\r\n");
        };
        if (!response.contentType.empty()) field("Content-Type", response.contentType);
        bool cacheControlSet = false;
        for (const auto& [name, value] : response.headers) {
            cacheControlSet = cacheControlSet || beast::iequals(name, "Cache-Control");
            field(name, value);
        }
        if (!cacheControlSet) field("Cache-Control", "no-store");
        field("X-Content-Type-Options", "nosniff");
        field("X-Request-Id", requestId);
        if (!keepAlive) field("Connection", "close");
        field("Content-Length", std::to_string(response.body.size()));
        out.append("\r\n");
        if (withBody) out.append(response.body);
    }

    asio::awaitable<HttpResponse> handleOnWorker(const HttpRequest& request) {
        co_return co_await asio::co_spawn(
            workers.context,
            [&]() -> asio::awaitable<HttpResponse> { co_return handler.handle(request); },
            asio::use_awaitable);
    }

    // A handler that throws is a defect: the client gets a 500 problem naming its request id,
    // the log says what failed, and the connection and the counters stay consistent.
    HttpResponse failed(const HttpRequest& request, std::string_view what) {
        spdlog::error("{} {} failed unexpectedly: {} id={}", request.method,
                      redactedPath(request.path), what, request.requestId);
        if (options.metrics) options.metrics->handlerFailed();
        return problem(ErrorCode::Internal,
                       "the request failed unexpectedly; the log has the details under its id");
    }

    // The hot path: answered on this I/O thread, without a coroutine of its own.
    HttpResponse respondHere(const HttpRequest& request) {
        try {
            return handler.handle(request);
        } catch (const std::exception& error) {
            return failed(request, error.what());
        } catch (...) {
            return failed(request, "an exception of unknown type");
        }
    }

    asio::awaitable<HttpResponse> respondOnWorker(const HttpRequest& request) {
        if (pendingWorkerTasks.load() >= maxPendingWorkerTasks) {
            // Fail fast instead of queueing without bound (a login flood, say); reads and the
            // hot path are unaffected. The problem carries Retry-After.
            if (options.metrics) options.metrics->workerQueueFull();
            co_return problem(ErrorCode::Unavailable, "the server is busy; retry shortly");
        }
        PendingWorkerTask pending(pendingWorkerTasks);
        try {
            co_return co_await handleOnWorker(request);
        } catch (const std::exception& error) {
            co_return failed(request, error.what());
        } catch (...) {
            co_return failed(request, "an exception of unknown type");
        }
    }

    asio::awaitable<void> serve(Loop& loop, tcp::socket socket) {
        Session session(std::move(socket));
        SessionRegistration registration(*this, loop, session);
        try {
            co_await exchange(session);
        } catch (const std::exception& error) {
            spdlog::error("a connection failed unexpectedly: {}", error.what());
        }
        boost::system::error_code ignored;
        session.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    // Requests and responses on one connection until it closes.
    asio::awaitable<void> exchange(Session& session) {
        std::string clientIp;
        boost::system::error_code ec;
        auto remote = session.stream.socket().remote_endpoint(ec);
        if (!ec) clientIp = remote.address().to_string();
        beast::flat_buffer buffer;
        std::string output;            // the serialised response, reused across requests
        std::string requestIdStorage;  // a generated request id, when the client sent none
        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(kRequestHeaderLimit);
            parser.body_limit(kRequestBodyLimit);
            session.idle = true;
            session.stream.expires_after(options.idleTimeout);
            auto [readError, bytes] = co_await bhttp::async_read(
                session.stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
            session.idle = false;
            if (readError == bhttp::error::end_of_stream ||
                readError == asio::error::operation_aborted || readError == beast::error::timeout ||
                readError == asio::error::connection_reset || readError == asio::error::eof) {
                break;
            }
            if (readError) {
                HttpResponse response;
                if (readError == bhttp::error::body_limit) {
                    response =
                        problem(ErrorCode::PayloadTooLarge, "the request body exceeds 64 KiB");
                } else if (readError == bhttp::error::header_limit) {
                    response =
                        problem(ErrorCode::HeadersTooLarge, "the request headers exceed 16 KiB");
                } else {
                    response =
                        problem(ErrorCode::InvalidRequest, "the request is not valid HTTP/1.1");
                }
                render(response, false, "-", output);
                session.stream.expires_after(std::chrono::seconds(5));
                co_await asio::async_write(session.stream, asio::buffer(output),
                                           asio::as_tuple(asio::use_awaitable));
                break;
            }
            auto& raw = parser.get();
            auto started = std::chrono::steady_clock::now();
            auto view = viewOf(raw, clientIp);
            if (!view) {
                render(view.error(), false, "-", output);
                session.stream.expires_after(std::chrono::seconds(5));
                co_await asio::async_write(session.stream, asio::buffer(output),
                                           asio::as_tuple(asio::use_awaitable));
                break;
            }
            HttpRequest& request = *view;
            if (request.requestId.empty()) {
                // The client sent no usable X-Request-Id: name the request (counted only then,
                // so that the hot path shares no counter between I/O threads).
                char buffer[24];
                int length = std::snprintf(buffer, sizeof buffer, "req-%016llx",
                                           static_cast<unsigned long long>(++requestCounter));
                requestIdStorage.assign(buffer, size_t(length));
                request.requestId = requestIdStorage;
            }
            HttpResponse response;
            if (handler.needsWorker(request))
                response = co_await respondOnWorker(request);
            else
                response = respondHere(request);
            int status = response.status;
            bool keepAlive = raw.keep_alive() && !draining.load();
            render(response, keepAlive, request.requestId, output,
                   raw.method() != bhttp::verb::head);
            session.stream.expires_after(options.idleTimeout);
            auto [writeError, written] = co_await asio::async_write(
                session.stream, asio::buffer(output), asio::as_tuple(asio::use_awaitable));
            if (options.accessLog) {
                auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started);
                spdlog::info("{} {} {} {}us id={} client={}", raw.method_string(),
                             redactedPath(request.path), status, micros.count(), request.requestId,
                             clientIp);
            }
            if (writeError || !keepAlive) break;
        }
    }

    // Beyond --max-connections: a 503 the client can read, then the connection closes. The
    // refusal lingers for at most a second so that the answer is not lost to a reset.
    asio::awaitable<void> refuse(tcp::socket socket) {
        struct Lingering {
            std::atomic<int>& count;
            ~Lingering() { --count; }
        } lingering{lingeringRefusals};
        beast::tcp_stream stream(std::move(socket));
        auto response = problem(ErrorCode::Unavailable,
                                "the server has too many open connections; retry shortly");
        std::string output;
        render(response, false, "-", output);
        stream.expires_after(std::chrono::seconds(1));
        auto [writeError, written] = co_await asio::async_write(
            stream, asio::buffer(output), asio::as_tuple(asio::use_awaitable));
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        if (writeError) co_return;
        char discard[1024];
        for (;;) {
            auto [readError, read] = co_await stream.async_read_some(
                asio::buffer(discard), asio::as_tuple(asio::use_awaitable));
            if (readError) break;
        }
    }

    asio::awaitable<void> accept(Loop& loop) {
        asio::steady_timer backoff(loop.context);
        auto lastWarning = std::chrono::steady_clock::time_point();
        for (;;) {
            auto [ec, socket] =
                co_await loop.acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec == asio::error::operation_aborted || !loop.acceptor->is_open()) co_return;
            if (ec) {
                // Out of file descriptors (or another resource): accepting again at once would
                // spin. Wait a little; the connections already open keep being served.
                auto now = std::chrono::steady_clock::now();
                if (now - lastWarning > std::chrono::seconds(10)) {
                    spdlog::warn("cannot accept connections: {}", ec.message());
                    lastWarning = now;
                }
                backoff.expires_after(std::chrono::milliseconds(50));
                co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
                continue;
            }
            if (openConnections.load(std::memory_order_relaxed) >= options.maxConnections) {
                if (options.metrics) options.metrics->connectionRefused();
                if (lingeringRefusals.fetch_add(1) < kMaxLingeringRefusals) {
                    asio::co_spawn(loop.context, refuse(std::move(socket)), asio::detached);
                } else {
                    --lingeringRefusals;
                    socket.close(ec);
                }
                continue;
            }
            openConnections.fetch_add(1, std::memory_order_relaxed);
            if (options.metrics) options.metrics->connectionOpened();
            socket.set_option(tcp::no_delay(true), ec);
            asio::co_spawn(loop.context, serve(loop, std::move(socket)), asio::detached);
        }
    }

    std::uint16_t bind() {
        auto address = asio::ip::make_address(options.host);
        std::uint16_t port = options.port;
        for (auto& loop : loops) {
            loop->acceptor = std::make_unique<tcp::acceptor>(loop->context);
            tcp::endpoint endpoint(address, port);
            loop->acceptor->open(endpoint.protocol());
            loop->acceptor->set_option(asio::socket_base::reuse_address(true));
            int one = 1;
            ::setsockopt(loop->acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one,
                         sizeof one);
            loop->acceptor->bind(endpoint);
            loop->acceptor->listen(asio::socket_base::max_listen_connections);
            port = loop->acceptor->local_endpoint().port();
        }
        return port;
    }

    // Stop accepting, close idle connections, let in-flight requests finish, then stop.
    void beginDrain() {
        if (draining.exchange(true)) return;
        spdlog::info("draining: no new connections, finishing in-flight requests");
        auto deadline = std::chrono::steady_clock::now() + options.drainTimeout;
        for (auto& loop : loops) {
            asio::post(loop->context, [this, &loop = *loop, deadline] {
                boost::system::error_code ignored;
                loop.acceptor->close(ignored);
                for (auto* session : loop.sessions) {
                    if (session->idle) session->stream.socket().close(ignored);
                }
                asio::co_spawn(loop.context, waitForSessions(loop, deadline), asio::detached);
            });
        }
    }

    asio::awaitable<void> waitForSessions(Loop& loop,
                                          std::chrono::steady_clock::time_point deadline) {
        asio::steady_timer timer(loop.context);
        while (!loop.sessions.empty() && std::chrono::steady_clock::now() < deadline) {
            timer.expires_after(std::chrono::milliseconds(20));
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            boost::system::error_code ignored;
            for (auto* session : loop.sessions) {
                if (session->idle) session->stream.socket().close(ignored);
            }
        }
        loop.context.stop();
    }

    void run(const std::function<void()>& onReady) {
        for (auto& loop : loops) asio::co_spawn(loop->context, accept(*loop), asio::detached);
        asio::signal_set signals(loops.front()->context, SIGTERM, SIGINT);
        signals.async_wait([this](const boost::system::error_code& ec, int) {
            if (!ec) beginDrain();
        });
        std::vector<std::thread> threads;
        for (size_t i = 1; i < loops.size(); ++i) {
            threads.emplace_back([&loop = *loops[i]] {
                service::markIoThread();
                loop.context.run();
            });
        }
        if (onReady) onReady();
        service::markIoThread();
        loops.front()->context.run();
        for (auto& thread : threads) thread.join();
        workers.join();
    }
};

Server::Server(RequestHandler& handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(handler, std::move(options))) {}
Server::~Server() = default;
std::uint16_t Server::bind() {
    return impl_->bind();
}
void Server::run(const std::function<void()>& onReady) {
    impl_->run(onReady);
}
void Server::stop() {
    impl_->beginDrain();
}

}  // namespace tessera::http
