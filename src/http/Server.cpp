#include "http/Server.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
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
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/TlsServerContext.h"
#include "domain/Timestamp.h"
#include "http/AccessLog.h"
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

// Refused connections beyond this many still lingering are closed at once, without an answer.
constexpr int kMaxLingeringRefusals = 256;

// The concrete executor everywhere, rather than asio::any_io_executor: no type erasure, no
// reference counting of a polymorphic executor on every operation of the hot path.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock,
                                         asio::wait_traits<std::chrono::steady_clock>, Executor>;
template <class T>
using Task = asio::awaitable<T, Executor>;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable_t<Executor>{});

// A TLS handshake must complete within this long.
constexpr auto kTlsHandshakeTimeout = std::chrono::seconds(10);
// How often the certificate and key files are looked at for a change (a renewal).
constexpr auto kTlsFileCheckInterval = std::chrono::seconds(5);

// Access-log lines wait at most this long in an I/O thread's batch, or until it holds this much.
constexpr auto kAccessLogFlushDelay = std::chrono::milliseconds(100);
constexpr std::size_t kAccessLogBatchBytes = 32 * 1024;

// Connection deadlines: the sweep enforces them once per tick (at least 50 ms), so they need no
// finer clock than the kernel's tick, which is read without a timer read-out. The coarse clock
// runs behind by at most its resolution; adding it keeps a deadline from coming early.
std::chrono::steady_clock::time_point deadlineAfter(std::chrono::steady_clock::duration timeout) {
    static const auto resolution = [] {
        timespec spec{};
        ::clock_getres(CLOCK_MONOTONIC_COARSE, &spec);
        return std::chrono::seconds(spec.tv_sec) + std::chrono::nanoseconds(spec.tv_nsec);
    }();
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec) + resolution +
            timeout));
}

// SCHED_IDLE for the calling thread, or nice 19 where that is refused. Best effort: without the
// right to lower its priority a thread still works.
void lowerPriority() {
    sched_param idle{};
    if (::sched_setscheduler(0, SCHED_IDLE, &idle) == 0) return;
    (void)setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 19);
}

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
        std::unique_ptr<Acceptor> acceptor;
        std::uint64_t index = 0;  // in loops
        std::uint64_t requestsNamed = 0;
        AccessLogBatch accessLines;  // this thread's access-log lines not yet handed over
        bool accessLogFlushArmed = false;
    };
    // Timeouts are deadlines that the loop's sweep enforces once per tick, instead of a timer
    // set and cancelled around every read and write.
    struct Session {
        Socket socket;
        // On a TLS listener: the context the connection began with (a reload does not change
        // it), and the TLS stream over `socket`, destroyed before it.
        std::shared_ptr<asio::ssl::context> tlsContext;
        std::optional<asio::ssl::stream<Socket&>> tls;
        bool idle = true;
        std::chrono::steady_clock::time_point deadline;
        explicit Session(Socket s) : socket(std::move(s)) {}
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

    // Writes and password hashing. Its threads run under SCHED_IDLE so that a login flood, which
    // keeps them busy with argon2, cannot take the CPU from the I/O threads that answer
    // /auth/check: an I/O thread that wakes takes the core at once, where a thread at nice 19
    // would first finish its time slice (a millisecond or more of /auth/check latency). They still
    // get a small share of a core that I/O threads keep busy, so writes go on under any load.
    struct WorkerPool {
        asio::io_context context;
        asio::executor_work_guard<asio::io_context::executor_type> guard{context.get_executor()};
        std::vector<std::thread> threads;

        explicit WorkerPool(int count) {
            for (int i = 0; i < count; ++i) {
                threads.emplace_back([this] {
                    lowerPriority();
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
    std::atomic<int> pendingWorkerTasks{0};
    int maxPendingWorkerTasks;
    std::atomic<int> openConnections{0};  // changed per connection, never per request
    std::atomic<int> lingeringRefusals{0};
    std::unique_ptr<AccessLog> accessLog;
    // The TLS context new connections get, replaced whole by a reload.
    std::mutex tlsMutex;
    std::shared_ptr<asio::ssl::context> tlsContext;
    std::pair<std::filesystem::file_time_type, std::filesystem::file_time_type> tlsFileTimes;

    // The loops go first, while the counters their sessions' frames update still exist.
    ~Impl() { loops.clear(); }

    Impl(RequestHandler& h, ServerOptions o)
        : handler(h),
          options(std::move(o)),
          workers(std::max(1, options.workerThreads)),
          maxPendingWorkerTasks(std::max(1, options.workerThreads) * options.queuedPerWorker) {
        for (int i = 0; i < std::max(1, options.ioThreads); ++i) {
            loops.push_back(std::make_unique<Loop>());
            loops.back()->index = std::uint64_t(i);
        }
        if (options.accessLog) {
            accessLog = std::make_unique<AccessLog>(
                options.accessLogFd, [metrics = options.metrics](std::uint64_t lines) {
                    if (metrics) metrics->accessLogLinesDropped(lines);
                });
        }
    }

    // HTTP/1.1 serialised into one buffer: one write per response, cheaper than Beast's
    // serializer for many small header fields. Values never hold CR or LF (the parser rejects
    // them in requests; our own are validated printable text).
    void render(HttpResponse& response, bool keepAlive, std::string_view requestId,
                std::string& out, bool withBody = true) const {
        char digits[24];
        auto number = [&digits](std::size_t value) {
            return std::string_view(
                digits, size_t(std::to_chars(digits, digits + sizeof digits, value).ptr - digits));
        };
        out.clear();
        out.append("HTTP/1.1 ").append(number(size_t(response.status))).append(" ");
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
        // Served over TLS: browsers keep to HTTPS for this host (the console, RFC 6797).
        if (tlsEnabled()) field("Strict-Transport-Security", "max-age=31536000");
        field("X-Request-Id", requestId);
        if (!keepAlive) field("Connection", "close");
        field("Content-Length", number(response.body.size()));
        out.append("\r\n");
        if (withBody) out.append(response.body);
    }

    Task<HttpResponse> handleOnWorker(const HttpRequest& request) {
        co_return co_await asio::co_spawn(
            workers.context.get_executor(),
            [&]() -> Task<HttpResponse> { co_return handler.handle(request); },
            asio::use_awaitable_t<Executor>{});
    }

    // A handler that throws is a defect: the client gets a 500 problem naming its request id,
    // the log says what failed, and the connection and the counters stay consistent.
    HttpResponse failed(const HttpRequest& request, std::string_view what) {
        std::string path;
        appendRedactedPath(path, request.path);
        spdlog::error("{} {} failed unexpectedly: {} id={}", request.method, path, what,
                      request.requestId);
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

    Task<HttpResponse> respondOnWorker(const HttpRequest& request) {
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

    Task<void> serve(Loop& loop, Socket socket) {
        Session session(std::move(socket));
        SessionRegistration registration(*this, loop, session);
        try {
            if (tlsEnabled()) {
                {
                    std::lock_guard lock(tlsMutex);
                    session.tlsContext = tlsContext;
                }
                session.tls.emplace(session.socket, *session.tlsContext);
                session.deadline = std::chrono::steady_clock::now() + kTlsHandshakeTimeout;
                auto [handshakeError] =
                    co_await session.tls->async_handshake(asio::ssl::stream_base::server, kAwait);
                if (handshakeError) co_return;  // not TLS, an old protocol, or gone
            }
            co_await exchange(loop, session);
        } catch (const std::exception& error) {
            spdlog::error("a connection failed unexpectedly: {}", error.what());
        }
        boost::system::error_code ignored;
        session.socket.shutdown(tcp::socket::shutdown_send, ignored);
    }

    // Reads one request into `parser` with Beast's parser (its limits and strictness), feeding it
    // from the connection's buffer: one read call per request when it arrives in one piece,
    // without Beast's composed read operations around it.
    Task<boost::system::error_code> readRequest(Session& session, beast::flat_buffer& buffer,
                                                RequestParser& parser) {
        for (;;) {
            if (buffer.size() > 0) {
                boost::system::error_code ec;
                auto used = parser.put(buffer.data(), ec);
                buffer.consume(used);
                if (parser.is_done()) co_return boost::system::error_code();
                if (ec && ec != bhttp::error::need_more) co_return ec;
                // Without an error the parser took the header and wants the body next.
                if (!ec && used > 0) continue;
            }
            auto space =
                buffer.prepare(std::max<std::size_t>(8192, buffer.capacity() - buffer.size()));
            auto [readError, bytes] = session.tls
                                          ? co_await session.tls->async_read_some(space, kAwait)
                                          : co_await session.socket.async_read_some(space, kAwait);
            buffer.commit(bytes);
            if (readError == asio::error::eof) {
                // The end of the stream ends a message only when the message says so.
                if (!parser.got_some()) co_return bhttp::error::end_of_stream;
                boost::system::error_code ec;
                parser.put_eof(ec);
                co_return ec ? ec : (parser.is_done() ? ec : bhttp::error::partial_message);
            }
            if (readError) co_return readError;
        }
    }

    Task<boost::system::error_code> writeAll(Session& session, std::string_view output,
                                             std::chrono::seconds timeout) {
        session.deadline = deadlineAfter(timeout);
        auto [error, written] =
            session.tls ? co_await asio::async_write(*session.tls, asio::buffer(output), kAwait)
                        : co_await asio::async_write(session.socket, asio::buffer(output), kAwait);
        co_return error;
    }

    // Requests and responses on one connection until it closes.
    Task<void> exchange(Loop& loop, Session& session) {
        // The peer, once per connection; IPv4 in its IPv4-mapped form, as domain::IpAddress
        // holds it.
        std::string peerText;
        domain::ClientAddress peer;
        boost::system::error_code ec;
        auto remote = session.socket.remote_endpoint(ec);
        if (!ec) {
            auto address = remote.address();
            auto v6 = address.is_v4()
                          ? asio::ip::make_address_v6(asio::ip::v4_mapped, address.to_v4())
                          : address.to_v6();
            domain::IpAddress bytes;
            bytes.bytes = v6.to_bytes();
            peerText = bytes.text();
            peer = {peerText, bytes};
        }
        std::string forwardedStorage;  // the client a trusted proxy names, per request
        beast::flat_buffer buffer;
        std::string output;            // the serialised response, reused across requests
        std::string requestIdStorage;  // a generated request id, when the client sent none
        ParsedRequest parsed;          // each request read into the same storage
        for (;;) {
            RequestParser parser(parsed);
            session.idle = true;
            session.deadline = deadlineAfter(options.idleTimeout);
            auto readError = co_await readRequest(session, buffer, parser);
            session.idle = false;
            // No deadline while the request is handled: a slow write on a worker is not the
            // client's fault (the drain bounds it at shutdown).
            session.deadline = std::chrono::steady_clock::time_point::max();
            if (readError == bhttp::error::end_of_stream ||
                readError == asio::error::operation_aborted ||
                readError == asio::error::bad_descriptor ||
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
                co_await writeAll(session, output, std::chrono::seconds(5));
                break;
            }
            const auto& raw = parser.get();
            // The access log's latency; without the log, no clock is read for it.
            auto started = accessLog ? std::chrono::steady_clock::now()
                                     : std::chrono::steady_clock::time_point();
            auto client = clientAddressOf(raw, peer, options.trustedProxies, forwardedStorage);
            auto clientIp = client.text;
            auto view = viewOf(raw, clientIp);
            if (!view) {
                render(view.error(), false, "-", output);
                co_await writeAll(session, output, std::chrono::seconds(5));
                break;
            }
            HttpRequest& request = *view;
            request.clientAddress = client.address;
            if (request.requestId.empty()) {
                // The client sent no usable X-Request-Id: name the request, by the loop's own
                // counter (in the low 48 bits) so that I/O threads share no counter.
                requestIdStorage.assign("req-0000000000000000");
                auto number = ((options.firstRequestIdRange + loop.index) << 48) |
                              (++loop.requestsNamed & 0xffffffffffff);
                for (size_t i = requestIdStorage.size(); number > 0; number >>= 4)
                    requestIdStorage[--i] = "0123456789abcdef"[number & 0xf];
                request.requestId = requestIdStorage;
            }
            HttpResponse response;
            if (handler.needsWorker(request))
                response = co_await respondOnWorker(request);
            else
                response = respondHere(request);
            int status = response.status;
            bool keepAlive = raw.keepAlive() && !draining.load(std::memory_order_relaxed);
            render(response, keepAlive, request.requestId, output,
                   raw.method() != bhttp::verb::head);
            auto writeError = co_await writeAll(session, output, options.idleTimeout);
            if (accessLog) {
                auto took = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started);
                logAccess(loop, raw.methodString(), request.path, status, took, request.requestId,
                          clientIp);
            }
            if (writeError || !keepAlive) break;
        }
    }

    void logAccess(Loop& loop, std::string_view method, std::string_view path, int status,
                   std::chrono::microseconds took, std::string_view requestId,
                   std::string_view clientIp) {
        loop.accessLines.append(std::chrono::system_clock::now(), method, path, status, took,
                                requestId, clientIp);
        if (loop.accessLines.size() >= kAccessLogBatchBytes) {
            accessLog->submit(loop.accessLines.take());
        } else if (!loop.accessLogFlushArmed) {
            loop.accessLogFlushArmed = true;
            asio::co_spawn(loop.context, flushAccessLogSoon(loop), asio::detached);
        }
    }

    Task<void> flushAccessLogSoon(Loop& loop) {
        Timer timer(loop.context, kAccessLogFlushDelay);
        co_await timer.async_wait(kAwait);
        loop.accessLogFlushArmed = false;
        if (accessLog && !loop.accessLines.empty()) accessLog->submit(loop.accessLines.take());
    }

    // Closes connections whose deadline passed: idle or slow clients, stalled writes.
    Task<void> sweepTimedOut(Loop& loop) {
        Timer timer(loop.context);
        auto tick = std::clamp<std::chrono::steady_clock::duration>(
            options.idleTimeout / 4, std::chrono::milliseconds(50), std::chrono::seconds(1));
        for (;;) {
            timer.expires_after(tick);
            auto [ec] = co_await timer.async_wait(kAwait);
            if (ec) co_return;
            auto now = std::chrono::steady_clock::now();
            boost::system::error_code ignored;
            for (auto* session : loop.sessions) {
                if (session->deadline < now) session->socket.close(ignored);
            }
        }
    }

    // Beyond --max-connections: a 503 the client can read, then the connection closes. The
    // refusal lingers for at most a second so that the answer is not lost to a reset.
    Task<void> refuse(Socket socket) {
        struct Lingering {
            std::atomic<int>& count;
            ~Lingering() { --count; }
        } lingering{lingeringRefusals};
        beast::basic_stream<tcp, Executor> stream(std::move(socket));
        auto response = problem(ErrorCode::Unavailable,
                                "the server has too many open connections; retry shortly");
        std::string output;
        render(response, false, "-", output);
        stream.expires_after(std::chrono::seconds(1));
        auto [writeError, written] =
            co_await asio::async_write(stream, asio::buffer(output), kAwait);
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        if (writeError) co_return;
        char discard[1024];
        for (;;) {
            auto [readError, read] = co_await stream.async_read_some(asio::buffer(discard), kAwait);
            if (readError) break;
        }
    }

    Task<void> accept(Loop& loop) {
        Timer backoff(loop.context);
        auto lastWarning = std::chrono::steady_clock::time_point();
        for (;;) {
            auto [ec, socket] = co_await loop.acceptor->async_accept(kAwait);
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
                co_await backoff.async_wait(kAwait);
                continue;
            }
            if (openConnections.load(std::memory_order_relaxed) >= options.maxConnections) {
                if (options.metrics) options.metrics->connectionRefused();
                if (tlsEnabled()) {
                    // A TLS client could not read a plain answer, and a handshake for a refusal
                    // costs what the limit protects: it is closed at once.
                    socket.close(ec);
                } else if (lingeringRefusals.fetch_add(1) < kMaxLingeringRefusals) {
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

    bool tlsEnabled() const { return !options.tlsCertificateFile.empty(); }

    static std::filesystem::file_time_type modifiedAt(const std::string& path) {
        std::error_code ignored;
        return std::filesystem::last_write_time(path, ignored);
    }

    // Builds a context from the files and, when they hold a good pair, makes it the one new
    // connections get. A bad pair leaves the one in use.
    Result<crypto::TlsCertificateInfo> loadTls() {
        auto times =
            std::pair{modifiedAt(options.tlsCertificateFile), modifiedAt(options.tlsKeyFile)};
        auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
        auto loaded = crypto::configureTlsServer(context->native_handle(),
                                                 options.tlsCertificateFile, options.tlsKeyFile);
        std::lock_guard lock(tlsMutex);
        tlsFileTimes = times;  // a bad pair is not read again until a file changes once more
        TESSERA_TRY(loaded);
        tlsContext = std::move(context);
        if (options.metrics) options.metrics->tlsCertificateLoaded(loaded->notAfter);
        return loaded;
    }

    // On a worker thread: reading files does not belong on an I/O thread.
    void reloadTls(std::string_view why) {
        asio::post(workers.context, [this, why = std::string(why)] {
            auto loaded = loadTls();
            if (loaded) {
                spdlog::info("TLS certificate reloaded ({}): {}, valid until {}", why,
                             loaded->subject, formatUnixTime(loaded->notAfter));
            } else {
                spdlog::error("TLS certificate not reloaded ({}), the previous one stays: {}", why,
                              loaded.error().message);
            }
        });
    }

    static std::string formatUnixTime(std::int64_t seconds) {
        return domain::formatTimestamp(domain::Timestamp{std::chrono::seconds{seconds}});
    }

    // Renewals (certbot, cert-manager) replace the files: looked at every few seconds.
    Task<void> watchTlsFiles(Loop& loop) {
        Timer timer(loop.context);
        for (;;) {
            timer.expires_after(kTlsFileCheckInterval);
            auto [ec] = co_await timer.async_wait(kAwait);
            if (ec || draining.load()) co_return;
            asio::post(workers.context, [this] {
                auto times = std::pair{modifiedAt(options.tlsCertificateFile),
                                       modifiedAt(options.tlsKeyFile)};
                bool changed;
                {
                    std::lock_guard lock(tlsMutex);
                    changed = times != tlsFileTimes;
                }
                if (changed) reloadTls("the files changed");
            });
        }
    }

    std::uint16_t bind() {
        if (tlsEnabled()) {
            auto loaded = loadTls();
            if (!loaded) throw std::runtime_error(loaded.error().message);
            spdlog::info("TLS certificate: {}, valid until {}", loaded->subject,
                         formatUnixTime(loaded->notAfter));
        }
        auto address = asio::ip::make_address(options.host);
        std::uint16_t port = options.port;
        for (auto& loop : loops) {
            loop->acceptor = std::make_unique<Acceptor>(loop->context);
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
                    if (session->idle) session->socket.close(ignored);
                }
                asio::co_spawn(loop.context, waitForSessions(loop, deadline), asio::detached);
            });
        }
    }

    Task<void> waitForSessions(Loop& loop, std::chrono::steady_clock::time_point deadline) {
        Timer timer(loop.context);
        while (!loop.sessions.empty() && std::chrono::steady_clock::now() < deadline) {
            timer.expires_after(std::chrono::milliseconds(20));
            co_await timer.async_wait(kAwait);
            boost::system::error_code ignored;
            for (auto* session : loop.sessions) {
                if (session->idle) session->socket.close(ignored);
            }
        }
        if (accessLog && !loop.accessLines.empty()) accessLog->submit(loop.accessLines.take());
        loop.context.stop();
    }

    void run(const std::function<void()>& onReady) {
        for (auto& loop : loops) {
            asio::co_spawn(loop->context, accept(*loop), asio::detached);
            asio::co_spawn(loop->context, sweepTimedOut(*loop), asio::detached);
        }
        asio::signal_set signals(loops.front()->context, SIGTERM, SIGINT);
        signals.async_wait([this](const boost::system::error_code& ec, int) {
            if (!ec) beginDrain();
        });
        asio::signal_set reloadSignal(loops.front()->context);
        std::function<void()> awaitReload = [&] {
            reloadSignal.async_wait([&](const boost::system::error_code& ec, int) {
                if (ec || draining.load()) return;
                reloadTls("SIGHUP");
                awaitReload();
            });
        };
        if (tlsEnabled()) {
            reloadSignal.add(SIGHUP);
            awaitReload();
            asio::co_spawn(loops.front()->context, watchTlsFiles(*loops.front()), asio::detached);
        }
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
