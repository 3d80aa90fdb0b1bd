// tessera: serve, and operator commands (README, operator commands).
#include <malloc.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "app/AdminCommands.h"
#include "app/BackgroundSync.h"
#include "app/Bootstrap.h"
#include "app/Config.h"
#include "crypto/Ids.h"
#include "crypto/KeyedHash.h"
#include "domain/Catalogue.h"
#include "http/CurlFetcher.h"
#include "http/OpenApi.h"
#include "http/Route.h"
#include "http/Router.h"
#include "http/Server.h"
#include "service/ChangeFollower.h"
#include "service/ServiceContext.h"
#include "service/StoreHealth.h"
#include "service/TokenUseFlusher.h"
#include "service/WebhookDispatcher.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::app {
namespace {

domain::Catalogue loadCatalogue(const std::string& extraFile) {
    auto catalogue = domain::Catalogue::defaults();
    if (extraFile.empty()) return catalogue;
    std::ifstream in(extraFile);
    std::vector<std::string> names;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line.front() != '#') names.push_back(line);
    }
    if (auto extended = catalogue.extend(names); !extended) {
        std::string text = extraFile + ": " + extended.error().message + ":";
        for (const auto& entry : extended.error().offending) text += " " + entry;
        throw std::invalid_argument(text);
    }
    return catalogue;
}

// Binds a listener, naming the option and address when it cannot (in use, not an address here).
std::uint16_t bindListener(http::Server& server, std::string_view option,
                           const std::string& address) {
    try {
        return server.bind();
    } catch (const boost::system::system_error& error) {
        throw std::runtime_error("cannot listen on " + std::string(option) + " " + address + ": " +
                                 error.code().message());
    }
}

// The management listener (--management-listen) runs on a thread of its own beside the public
// one. Each server drains on SIGTERM/SIGINT by itself; when the public one has stopped, for
// whatever reason, this one is stopped and joined too. Should it fail, the public one is stopped
// and the process exits 1: an instance whose metrics are gone must not look healthy.
class ManagementListener {
  public:
    ManagementListener(http::Server* management, http::Server& publicServer)
        : management_(management) {
        if (!management_) return;
        thread_ = std::thread([this, &publicServer] {
            try {
                management_->run({});
            } catch (const std::exception& error) {
                spdlog::critical("the management listener failed: {}", error.what());
                failed_ = true;
                publicServer.stop();
            }
        });
    }
    ~ManagementListener() {
        if (!management_) return;
        management_->stop();
        thread_.join();
    }
    ManagementListener(const ManagementListener&) = delete;
    ManagementListener& operator=(const ManagementListener&) = delete;
    bool failed() const { return failed_; }

  private:
    http::Server* management_;
    std::thread thread_;
    std::atomic<bool> failed_{false};
};

int serve(const ServeConfig& config) {
    spdlog::set_level(spdlog::level::from_str(config.logLevel));
    auto listen = parseListen(config.listen);
    auto managementListen = parseManagementListen(config);
    auto trustedProxies = parseTrustedProxies(config);
    auto expiryNotices = parseExpiryNotices(config);
    if (config.tlsCertificateFile.empty() != config.tlsKeyFile.empty())
        throw std::invalid_argument("--tls-cert-file and --tls-key-file go together: give both");
    crypto::SystemRandom random;
    auto origin = crypto::newUlid(random, std::chrono::system_clock::now());
    auto data =
        openDeployment({config.dataDir, config.storeUrl, config.masterKeyFile}, random, origin);
    auto& store = *data.store;

    service::Directory directory(loadCatalogue(config.permissionsFile));
    std::int64_t sequence = 0;
    // Applied chunk by chunk: start-up never holds a second copy of the store.
    if (auto loaded = store.loadInChunks(
            sequence, [&](auto& chunk) { directory.apply(chunk); },
            [&](std::size_t tokens) { directory.reserveTokens(tokens); });
        !loaded)
        throw std::runtime_error("cannot load the store: " + loaded.error().message);
    // The chunks were copied into the Directory: hand the memory they took back.
    malloc_trim(0);

    service::SystemClock clock;
    crypto::KeyedHash keyedHash(data.pepper);
    crypto::PasswordHasher hasher;
    service::Writer writer(store, directory, random, clock);
    service::ChangeFollower follower(writer, origin, sequence);

    if (directory.businessAccountNames().empty()) {
        const char* user = std::getenv("TESSERA_ADMIN_USER");
        const char* password = std::getenv("TESSERA_ADMIN_PASSWORD");
        try {
            createBusinessAccount(writer, directory, hasher, random, "default",
                                  user ? user : "admin@tessera.local", password ? password : "");
            spdlog::info("initialised the store: business account 'default' and its admin");
        } catch (const std::exception&) {
            // Another instance initialised the same empty store at the same moment: use its.
            (void)writer.catchUp();
            if (directory.businessAccountNames().empty()) throw;
            spdlog::info("another instance initialised the store");
        }
    }

    auto scheme = config.tlsCertificateFile.empty() ? "http://" : "https://";
    auto publicUrl = config.publicUrl.empty() ? scheme + config.listen : config.publicUrl;
    while (publicUrl.ends_with('/')) publicUrl.pop_back();
    // A rotation elsewhere: every instance signs with the new key as soon as it sees it.
    auto keySet = [&] {
        service::SigningKeySet keys{data.signingKey, {}, data.signingKeyCreatedAt};
        for (const auto& [key, retiredAt] : data.retiredKeys)
            keys.retired.push_back(
                {key, retiredAt + std::chrono::seconds(config.accessTokenSeconds)});
        return keys;
    };
    service::SigningKeys signingKeys(keySet());
    writer.onKeyMaterialChange([&] {
        try {
            reloadSigningKeys(data);
            signingKeys.replace(keySet());
            spdlog::info("signing keys reloaded: kid {} signs", data.signingKey->kid());
        } catch (const std::exception& error) {
            spdlog::error("cannot reload the signing keys: {}", error.what());
        }
    });
    service::Authenticator authenticator(directory, keyedHash, signingKeys, clock, publicUrl);
    const service::ServiceContext context{directory, writer, random, clock};
    service::TokenService tokens(context, keyedHash);
    service::UserService users(context, hasher);
    service::RoleService roles(context);
    service::TenantService tenants(context);
    service::LoginThrottle loginThrottle(
        {config.loginFailuresPerUser, config.loginFailuresPerAddress,
         std::chrono::seconds(config.loginLockoutSeconds)},
        store, keyedHash);
    service::SessionService sessions(context, keyedHash, signingKeys, hasher, authenticator,
                                     loginThrottle,
                                     {std::chrono::seconds(config.accessTokenSeconds),
                                      std::chrono::seconds(config.refreshTokenSeconds)});
    service::CredentialService credentials(directory, writer, hasher, loginThrottle, clock);
    service::LimitRequestService limitRequests(context);
    service::AuditTrail audit(store);
    http::CurlFetcher fetcher;
    crypto::SecretBox secrets(data.secretsKey);
    service::SsoService sso(context, fetcher, secrets, publicUrl);
    service::WebhookService webhooks(writer, secrets, random, clock,
                                     config.webhookAllowLoopback
                                         ? domain::LoopbackEndpoints::Allowed
                                         : domain::LoopbackEndpoints::Refused);
    service::RateLimiter leakReportLimiter("leak-report", 10, std::chrono::minutes(1), store,
                                           keyedHash);
    service::StoreHealth storeHealth;
    http::Api api{
        authenticator, tokens,    users, roles,    tenants, sessions,    credentials,
        limitRequests, audit,     sso,   webhooks, clock,   signingKeys, leakReportLimiter,
        storeHealth,   publicUrl, {},    nullptr};
    // One set of counters for every operation, whichever listener serves it.
    auto routeTable = http::buildRouteTable();
    http::Metrics metrics(routeTable);
    api.metrics = &metrics;
    // With a management listener the public one no longer serves /metrics (nor documents it).
    http::Router router(
        managementListen ? http::routesServedBy(routeTable, http::Listener::Public) : routeTable,
        api);
    api.openApiDocument =
        boost::json::serialize(http::buildOpenApiDocument(router.routes(), publicUrl));

    http::ServerOptions options;
    options.host = listen.host;
    options.port = listen.port;
    options.ioThreads = config.ioThreads > 0
                            ? config.ioThreads
                            : int(std::max(1u, std::thread::hardware_concurrency()));
    options.workerThreads = config.workerThreads;
    options.queuedPerWorker = config.workerQueue;
    options.accessLog = config.accessLog;
    options.metrics = &metrics;
    options.maxConnections = config.maxConnections;
    options.trustedProxies = std::move(trustedProxies);
    options.tlsCertificateFile = config.tlsCertificateFile;
    options.tlsKeyFile = config.tlsKeyFile;
    // Room for the store, the listener, logs and outbound calls besides the connections.
    constexpr std::uint64_t kReservedFiles = 256;
    auto fileLimit = http::raiseFileLimit();
    if (fileLimit < std::uint64_t(config.maxConnections) + kReservedFiles) {
        auto usable = fileLimit > kReservedFiles ? fileLimit - kReservedFiles : 1;
        spdlog::warn(
            "the open-file limit is {}: at most {} connections (--max-connections {}); raise "
            "LimitNOFILE or `ulimit -Hn`",
            fileLimit, usable, config.maxConnections);
        options.maxConnections = int(usable);
    }
    http::Server server(router, options);
    auto port = bindListener(server, "--listen", config.listen);

    // --management-listen: /metrics and the probes for Prometheus and the orchestrator, on an
    // address the public one need not expose. Its routes answer from memory on its I/O thread.
    std::optional<http::Router> managementRouter;
    std::optional<http::Server> managementServer;
    std::uint16_t managementPort = 0;
    if (managementListen) {
        managementRouter.emplace(http::routesServedBy(routeTable, http::Listener::Management), api);
        http::ServerOptions management;
        management.host = managementListen->host;
        management.port = managementListen->port;
        management.ioThreads = 1;
        management.workerThreads = 1;
        management.maxConnections = 64;
        management.firstRequestIdRange = 256;  // beyond the public listener's --io-threads
        management.accessLog = config.accessLog;
        // No `metrics`: the connection and overload counters describe the public listener (its
        // requests are counted by the router all the same).
        managementServer.emplace(*managementRouter, std::move(management));
        managementPort =
            bindListener(*managementServer, "--management-listen", config.managementListen);
    }

    service::TokenUseFlusher flusher(directory, store);
    // AUD-2: deliveries on threads of their own; expiry notices looked for by the background
    // thread.
    service::WebhookDispatcher dispatcher(
        store, writer, fetcher, secrets, random, clock, origin,
        {config.webhookWorkers, std::chrono::milliseconds(config.webhookFirstRetryMs),
         std::chrono::seconds(config.webhookRetryForSeconds),
         std::chrono::milliseconds(config.webhookTimeoutMs),
         std::chrono::seconds(config.webhookDisableAfterSeconds)});
    writer.onNotificationsCommitted([&dispatcher] { dispatcher.wake(); });
    dispatcher.start();
    service::ExpiryNotifier expiryNotifier(
        store, writer, clock, origin,
        {expiryNotices, std::chrono::seconds(config.webhookExpiryCheckSeconds)});
    {
        BackgroundSync sync(follower, flusher, sessions, expiryNotifier, store, storeHealth, clock);
        ManagementListener managementThread(managementServer ? &*managementServer : nullptr,
                                            server);
        server.run([&] {
            if (managementServer) {
                spdlog::info("management listener on {}:{} (/metrics, /healthz, /readyz)",
                             managementListen->host, managementPort);
            }
            spdlog::info(
                "tessera listening on {}:{} ({} I/O thread(s), {} worker(s), up to {} "
                "connections)",
                listen.host, port, options.ioThreads, options.workerThreads,
                options.maxConnections);
        });
        if (managementThread.failed()) throw std::runtime_error("the management listener failed");
    }
    // No write may wake the dispatcher once it is gone.
    dispatcher.stop();
    writer.onNotificationsCommitted({});
    spdlog::info("stopped");
    return 0;
}

}  // namespace
}  // namespace tessera::app

int main(int argc, char** argv) {
    using namespace tessera::app;
    // Everything this process creates (the database, its WAL and SHM files, keys) is its own:
    // 0600 files and 0700 directories, whatever umask it was started with.
    ::umask(077);
    spdlog::set_default_logger(spdlog::stderr_color_mt("tessera"));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);

    CLI::App cli{"Tessera: authentication and authorization with personal access tokens"};
    cli.require_subcommand(1);
    ServeConfig serveConfig;
    auto* serveCommand =
        cli.add_subcommand("serve", "Run the HTTP service (initialises an empty data directory)");
    addServeOptions(*serveCommand, serveConfig);
    std::function<int()> action;
    serveCommand->callback([&] { action = [&] { return serve(serveConfig); }; });
    auto* openapi = cli.add_subcommand("openapi", "Print the OpenAPI document and exit");
    std::string serverUrl = "http://127.0.0.1:8080";
    openapi->add_option("--server-url", serverUrl, "The server URL written into the document")
        ->capture_default_str();
    openapi->callback([&] {
        action = [&] {
            std::cout << boost::json::serialize(tessera::http::buildOpenApiDocument(
                             tessera::http::buildRouteTable(), serverUrl))
                      << "\n";
            return 0;
        };
    });
    auto* admin = cli.add_subcommand("admin", "Operator commands on the data directory");
    addAdminCommands(*admin, action);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return cli.exit(error);
    }
    try {
        return action ? action() : 0;
    } catch (const std::exception& error) {
        spdlog::critical("{}", error.what());
        return 1;
    }
}
