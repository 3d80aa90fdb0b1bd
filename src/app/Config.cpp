#include "app/Config.h"

#include <cctype>
#include <charconv>
#include <stdexcept>

#include "domain/IpNetwork.h"

namespace tessera::app {

std::string environmentName(std::string_view option) {
    std::string name = "TESSERA_";
    for (char c : option.substr(option.find_first_not_of('-')))
        name += c == '-' ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

void addServeOptions(CLI::App& command, ServeConfig& config) {
    addOption(command, "--data-dir", config.dataDir, "Data directory (database, keys, pepper)")
        ->capture_default_str();
    // Text options without a default of their own.
    struct Text {
        const char* name;
        std::string ServeConfig::*field;
        const char* help;
    };
    static constexpr Text kTexts[] = {
        {"--store", &ServeConfig::storeUrl,
         "postgresql://… URL of a PostgreSQL database several instances share (default: SQLite "
         "in the data directory)"},
        {"--master-key-file", &ServeConfig::masterKeyFile,
         "32-byte key that seals the key material in the store (required with PostgreSQL; "
         "SQLite default: DATA_DIR/master-key)"},
        {"--public-url", &ServeConfig::publicUrl,
         "Base URL clients use (token issuer); default http://LISTEN (https:// with TLS)"},
        {"--management-listen", &ServeConfig::managementListen,
         "HOST:PORT of a management listener serving /metrics (and /healthz, /readyz); the "
         "public listener then no longer serves /metrics (default: none, /metrics on --listen; "
         "set it in production)"},
        {"--trusted-proxies", &ServeConfig::trustedProxies,
         "Comma-separated CIDR blocks of proxies (gateways, load balancers) whose forwarded "
         "header names the client address; from any other peer the header is ignored (default: "
         "none)"},
        {"--tls-cert-file", &ServeConfig::tlsCertificateFile,
         "PEM certificate chain (the server's certificate first): the listener speaks TLS "
         "1.2/1.3 itself; reloaded on SIGHUP or when the file changes"},
        {"--tls-key-file", &ServeConfig::tlsKeyFile,
         "PEM private key of --tls-cert-file (unencrypted; keep it 0600)"},
        {"--webhook-expiry-notices", &ServeConfig::webhookExpiryNotices,
         "Seconds before a PAT's expiry that token.expiring is sent, comma-separated (default "
         "604800,86400: 7 days and 1 day)"},
    };
    for (const auto& option : kTexts)
        addOption(command, option.name, config.*option.field, option.help);
    addOption(command, "--listen", config.listen, "HOST:PORT to listen on")->capture_default_str();
    addOption(command, "--io-threads", config.ioThreads, "I/O threads (0: one per core)")
        ->check(CLI::Range(0, 256));
    // Numbers bounded to [min, max], each with its default shown in --help.
    struct Bounded {
        const char* name;
        int ServeConfig::*field;
        const char* help;
        int min, max;
    };
    static constexpr Bounded kBounded[] = {
        {"--worker-threads", &ServeConfig::workerThreads,
         "Worker threads for writes, store reads and password hashing (at most one "
         "hash per core at a time)",
         1, 256},
        {"--worker-queue", &ServeConfig::workerQueue,
         "Requests that may wait per worker thread; beyond, 503 with Retry-After", 1, 100000},
        {"--max-connections", &ServeConfig::maxConnections,
         "Open client connections; beyond, a new connection gets 503 and is closed "
         "(the open-file limit is raised to its hard limit at start)",
         1, 1000000},
        {"--access-token-ttl", &ServeConfig::accessTokenSeconds, "Access-token lifetime in seconds",
         60, 86400},
        {"--refresh-token-ttl", &ServeConfig::refreshTokenSeconds,
         "Refresh-token lifetime in seconds", 60, 30 * 86400},
        {"--login-failures-per-user", &ServeConfig::loginFailuresPerUser,
         "Failed logins for one user name before it is locked out", 1, 1000000000},
        {"--login-failures-per-address", &ServeConfig::loginFailuresPerAddress,
         "Failed logins from one client address before it is locked out", 1, 1000000000},
        {"--login-lockout", &ServeConfig::loginLockoutSeconds,
         "Seconds a lockout lasts (and the window failures are counted in)", 1, 86400},
        {"--webhook-workers", &ServeConfig::webhookWorkers,
         "Threads delivering webhooks (0: this instance delivers none; others still do)", 0, 64},
        {"--webhook-first-retry-ms", &ServeConfig::webhookFirstRetryMs,
         "Delay before the first retry of a failed delivery; it doubles per attempt (with "
         "jitter) up to an hour",
         100, 3600000},
        {"--webhook-retry-for", &ServeConfig::webhookRetryForSeconds,
         "Seconds a notification is retried before it is given up", 1, 7 * 86400},
        {"--webhook-timeout-ms", &ServeConfig::webhookTimeoutMs,
         "Time one delivery attempt may take, connection included", 100, 60000},
        {"--webhook-disable-after", &ServeConfig::webhookDisableAfterSeconds,
         "Seconds an endpoint may keep failing (no success in between) before it is disabled", 1,
         30 * 86400},
        {"--webhook-expiry-check", &ServeConfig::webhookExpiryCheckSeconds,
         "Seconds between looks for tokens whose expiry notice is due", 1, 3600},
    };
    for (const auto& option : kBounded) {
        addOption(command, option.name, config.*option.field, option.help)
            ->check(CLI::Range(option.min, option.max))
            ->capture_default_str();
    }
    addOption(command, "--access-log", config.accessLog, "Log one line per request (true/false)")
        ->capture_default_str();
    addOption(command, "--log-level", config.logLevel, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
        ->capture_default_str();
    addOption(command, "--permissions-file", config.permissionsFile,
              "File of extra permission names (one group.action per line) added to the catalogue")
        ->check(CLI::ExistingFile);
    addOption(command, "--forwarded-header", config.forwardedHeader,
              "The header trusted proxies write the client address to: x-forwarded-for "
              "or forwarded (RFC 7239); the other is ignored")
        ->check(CLI::IsMember({"x-forwarded-for", "forwarded"}))
        ->capture_default_str();
    command
        .add_flag("--webhook-allow-loopback", config.webhookAllowLoopback,
                  "Allow webhook endpoints on this host itself (127.0.0.1, [::1], localhost; plain "
                  "http there): for tests and a local relay, never where admins must not probe "
                  "the host's own services")
        ->envname(environmentName("--webhook-allow-loopback"));
    command.set_config("--config", "", "TOML configuration file (keys as the long option names)");
}

ListenAddress parseListen(const std::string& listen, std::string_view option) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
        throw std::invalid_argument(std::string(option) + " must be HOST:PORT, got '" + listen +
                                    "'");
    }
    ListenAddress address;
    address.host = listen.substr(0, colon);
    if (address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    unsigned port = 0;
    auto digits = std::string_view(listen).substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port > 65535) {
        throw std::invalid_argument(std::string(option) + " has an invalid port: '" +
                                    std::string(digits) + "'");
    }
    address.port = std::uint16_t(port);
    return address;
}

std::optional<ListenAddress> parseManagementListen(const ServeConfig& config) {
    if (config.managementListen.empty()) return std::nullopt;
    auto management = parseListen(config.managementListen, "--management-listen");
    auto publicAddress = parseListen(config.listen);
    auto managementIp = domain::parseIpAddress(management.host);
    if (!managementIp) {
        throw std::invalid_argument("--management-listen needs an IP address as HOST, got '" +
                                    management.host + "'");
    }
    auto wildcard = [](const domain::IpAddress& ip) {
        return ip == domain::IpAddress{} || ip == *domain::parseIpAddress("0.0.0.0");
    };
    // The same port on the same address, or on a wildcard address that covers the other: one
    // listener would take the other's connections (both set SO_REUSEPORT).
    auto publicIp = domain::parseIpAddress(publicAddress.host);
    bool overlaps = publicIp && management.port != 0 && management.port == publicAddress.port &&
                    (*managementIp == *publicIp || wildcard(*managementIp) || wildcard(*publicIp));
    if (overlaps) {
        throw std::invalid_argument("--management-listen " + config.managementListen +
                                    " is the address of --listen " + config.listen +
                                    ": give the management listener a port of its own");
    }
    return management;
}

namespace {

// The comma-separated entries of an option, trimmed, empty ones dropped.
std::vector<std::string> listEntries(std::string_view rest) {
    std::vector<std::string> entries;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        auto entry = rest.substr(0, comma);
        while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
        while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
        if (!entry.empty()) entries.emplace_back(entry);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return entries;
}

}  // namespace

std::vector<std::chrono::seconds> parseExpiryNotices(const ServeConfig& config) {
    constexpr std::int64_t kLongest = 90 * 86400;
    constexpr std::size_t kMost = 5;
    std::vector<std::chrono::seconds> notices;
    for (const auto& entry : listEntries(config.webhookExpiryNotices)) {
        std::int64_t seconds = 0;
        auto [end, ec] = std::from_chars(entry.data(), entry.data() + entry.size(), seconds);
        if (ec != std::errc() || end != entry.data() + entry.size() || seconds < 1 ||
            seconds > kLongest) {
            throw std::invalid_argument("--webhook-expiry-notices: '" + entry +
                                        "' is not a number of seconds from 1 to 7776000 (90 "
                                        "days)");
        }
        notices.emplace_back(seconds);
    }
    if (notices.size() > kMost)
        throw std::invalid_argument("--webhook-expiry-notices: at most 5 notices");
    return notices;
}

domain::TrustedProxies parseTrustedProxies(const ServeConfig& config) {
    auto entries = listEntries(config.trustedProxies);
    auto networks = domain::parseIpNetworks(entries, "--trusted-proxies");
    if (!networks) throw std::invalid_argument(networks.error().message);
    return {std::move(*networks), config.forwardedHeader == "forwarded"
                                      ? domain::ForwardedHeader::Forwarded
                                      : domain::ForwardedHeader::XForwardedFor};
}

}  // namespace tessera::app
