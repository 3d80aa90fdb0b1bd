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
#include <boost/url/parse.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "http/Problem.h"
#include "service/IoThread.h"

namespace tessera::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kBodyLimit = 64 * 1024;

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

// Headers whose meaning a second copy would make ambiguous: which credential, which permission,
// which tenant? A gateway that appends instead of replacing must be refused, not half-obeyed.
constexpr std::string_view kSingleHeaders[] = {"Authorization", "X-Required-Permission",
                                               "X-Tenant-Locator", "Content-Type"};

// RFC 9112 section 3.2: exactly one Host in HTTP/1.1 (at most one in 1.0), and no ambiguous
// security header. Checked before anything is routed.
std::optional<HttpResponse> refuseAmbiguous(const bhttp::request<bhttp::string_body>& request) {
    auto hosts = request.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && request.version() >= 11)) {
        return problem(Error{ErrorCode::InvalidRequest,
                             "an HTTP/1.1 request must carry exactly one Host header (RFC 9112)",
                             {"Host"}});
    }
    for (auto name : kSingleHeaders) {
        if (request.count(name) > 1) {
            return problem(
                Error{ErrorCode::InvalidRequest,
                      "the " + std::string(name) + " header appears more than once; send it once",
                      {std::string(name)}});
        }
    }
    return std::nullopt;
}

// The origin-form path and query of a target; an absolute-form target (RFC 9112 section 3.2.2)
// is served like its path, whatever authority it names. Anything else is not a target we serve.
std::optional<std::pair<std::string_view, std::string_view>> splitTarget(std::string_view target) {
    if (target.starts_with('/')) {
        auto question = target.find('?');
        if (question == std::string_view::npos) return std::pair{target, std::string_view()};
        return std::pair{target.substr(0, question), target.substr(question + 1)};
    }
    auto absolute = boost::urls::parse_absolute_uri(target);
    if (!absolute || (absolute->scheme_id() != boost::urls::scheme::http &&
                      absolute->scheme_id() != boost::urls::scheme::https)) {
        return std::nullopt;
    }
    std::string_view path = absolute->encoded_path();
    // The views point into `target`, which outlives the request.
    if (path.empty()) path = "/";
    return std::pair{path, std::string_view(absolute->encoded_query())};
}

}  // namespace

struct Server::Impl {
    struct Session;
    struct Loop {
        asio::io_context context{1};
        std::unique_ptr<tcp::acceptor> acceptor;
        std::set<Session*> sessions;  // touched only on this loop's thread
    };
    struct Session {
        beast::tcp_stream stream;
        bool idle = true;
        explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
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

    Router& router;
    ServerOptions options;
    std::vector<std::unique_ptr<Loop>> loops;
    WorkerPool workers;
    std::atomic<bool> draining{false};
    std::atomic<std::uint64_t> requestCounter{0};
    std::atomic<int> pendingWorkerTasks{0};
    int maxPendingWorkerTasks;

    Impl(Router& r, ServerOptions o)
        : router(r),
          options(std::move(o)),
          workers(std::max(1, options.workerThreads)),
          maxPendingWorkerTasks(std::max(1, options.workerThreads) * options.queuedPerWorker) {
        for (int i = 0; i < std::max(1, options.ioThreads); ++i)
            loops.push_back(std::make_unique<Loop>());
    }

    // Views into the parsed message, which lives until the response is written.
    // HEAD is answered as GET without the body (RFC 9110 section 9.3.2): load balancers probe so.
    HttpRequest convert(const bhttp::request<bhttp::string_body>& request,
                        std::pair<std::string_view, std::string_view> target,
                        std::string_view clientIp, std::string& requestIdStorage) {
        auto header = [&](std::string_view name) -> std::string_view {
            auto it = request.find(name);
            return it == request.end() ? std::string_view() : std::string_view(it->value());
        };
        HttpRequest out;
        out.method = request.method() == bhttp::verb::head
                         ? std::string_view("GET")
                         : std::string_view(request.method_string());
        out.path = target.first;
        out.query = target.second;
        out.authorization = header("Authorization");
        out.contentType = header("Content-Type");
        out.requiredPermission = header("X-Required-Permission");
        out.tenantLocator = header("X-Tenant-Locator");
        out.requestId = header("X-Request-Id");
        if (out.requestId.empty() || out.requestId.size() > 128) {
            char buffer[24];
            int length = std::snprintf(buffer, sizeof buffer, "req-%016llx",
                                       static_cast<unsigned long long>(++requestCounter));
            requestIdStorage.assign(buffer, size_t(length));
            out.requestId = requestIdStorage;
        }
        out.body = request.body();
        out.clientIp = clientIp;
        return out;
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
            [&]() -> asio::awaitable<HttpResponse> { co_return router.handle(request); },
            asio::use_awaitable);
    }

    asio::awaitable<void> serve(Loop& loop, tcp::socket socket) {
        Session session(std::move(socket));
        loop.sessions.insert(&session);
        std::string clientIp;
        boost::system::error_code ec;
        auto remote = session.stream.socket().remote_endpoint(ec);
        if (!ec) clientIp = remote.address().to_string();
        beast::flat_buffer buffer;
        std::string output;            // the serialised response, reused across requests
        std::string requestIdStorage;  // a generated request id, when the client sent none
        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(kHeaderLimit);
            parser.body_limit(kBodyLimit);
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
            auto refusal = refuseAmbiguous(raw);
            auto target = splitTarget(raw.target());
            if (!refusal && !target) {
                refusal = problem(ErrorCode::InvalidRequest,
                                  "the request target must be a path or an http(s) URL");
            }
            if (refusal) {
                render(*refusal, false, "-", output);
                session.stream.expires_after(std::chrono::seconds(5));
                co_await asio::async_write(session.stream, asio::buffer(output),
                                           asio::as_tuple(asio::use_awaitable));
                break;
            }
            HttpRequest request = convert(raw, *target, clientIp, requestIdStorage);
            HttpResponse response;
            if (!router.needsWorker(request)) {
                response = router.handle(request);
            } else if (pendingWorkerTasks.load() >= maxPendingWorkerTasks) {
                // Fail fast instead of queueing without bound (a login flood, say); reads and
                // the hot path above are unaffected.
                response = problem(ErrorCode::Unavailable, "the server is busy; retry shortly");
            } else {
                ++pendingWorkerTasks;
                response = co_await handleOnWorker(request);
                --pendingWorkerTasks;
            }
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
        boost::system::error_code ignored;
        session.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        loop.sessions.erase(&session);
    }

    asio::awaitable<void> accept(Loop& loop) {
        for (;;) {
            auto [ec, socket] =
                co_await loop.acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec == asio::error::operation_aborted || !loop.acceptor->is_open()) co_return;
            if (ec) continue;
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

Server::Server(Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}
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
