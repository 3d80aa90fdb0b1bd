#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "domain/ForwardedClient.h"
#include "http/RequestHandler.h"

namespace tessera::http {

class Metrics;

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    int ioThreads = 1;
    int workerThreads = 2;
    std::chrono::seconds idleTimeout{30};
    std::chrono::seconds drainTimeout{10};
    bool accessLog = true;
    int accessLogFd = 2;       // standard error, with the other log lines
    int queuedPerWorker = 32;  // beyond workers x this many waiting writes, answer 503
    // Open connections beyond which a new one gets a 503 and is closed (the file-descriptor
    // limit must leave room for them: see raiseFileLimit).
    int maxConnections = 10000;
    Metrics* metrics = nullptr;  // connection and overload counters, when set
    // Peers whose forwarded header names the client (domain/ForwardedClient.h); none by default.
    domain::TrustedProxies trustedProxies;
    // The generated request ids of each I/O thread are numbered within its own range, from
    // this one on: a second server in the process (the management listener) starts beyond the
    // first's, so that no two requests in the log share an id.
    std::uint64_t firstRequestIdRange = 0;
    // TLS of its own: a PEM certificate chain and key, both or neither. They are read again on
    // SIGHUP and when either file changes; new connections get the new pair.
    std::string tlsCertificateFile;
    std::string tlsKeyFile;
};

// Raises the soft limit on open files to the hard limit and returns it, so that
// --max-connections can be honoured without `ulimit -n` in the service's environment.
std::uint64_t raiseFileLimit();

// HTTP/1.1 over Boost.Beast: one io_context per I/O thread, each with its own SO_REUSEPORT
// acceptor. GET requests (in-memory reads and the hot path) run on the I/O thread; everything
// else (writes, password hashing) runs on the worker pool.
class Server {
  public:
    Server(RequestHandler& handler, ServerOptions options);
    ~Server();

    // Loads the TLS pair when one is configured (a start-up error throws, naming the file and
    // the fault), then binds and returns the port (useful with port 0).
    std::uint16_t bind();
    // Serves until SIGTERM/SIGINT or stop(), then drains in-flight requests.
    void run(const std::function<void()>& onReady);
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tessera::http
