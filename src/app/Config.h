#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ForwardedClient.h"

namespace tessera::app {

// Flags > environment (TESSERA_*) > config file (--config, TOML) > defaults (README,
// configuration).
struct ServeConfig {
    std::string dataDir = "./tessera-data";
    std::string storeUrl;       // postgresql://… (several instances); empty: SQLite in dataDir
    std::string masterKeyFile;  // seals the key material in the store; required with PostgreSQL
    std::string listen = "127.0.0.1:8080";
    // HOST:PORT of a listener of its own for /metrics (then not served on listen); empty: none
    std::string managementListen;
    std::string publicUrl;  // default: http://<listen>
    int ioThreads = 0;      // 0: one per core
    int workerThreads = 4;
    int workerQueue = 32;        // waiting worker requests per worker thread before 503
    int maxConnections = 10000;  // open client connections before new ones get 503
    int accessTokenSeconds = 3600;
    int refreshTokenSeconds = 8 * 3600;
    int loginFailuresPerUser = 5;      // JWT-3 throttling: failures before a user name locks
    int loginFailuresPerAddress = 50;  // failures from one client address before it locks
    int loginLockoutSeconds = 15 * 60;
    bool accessLog = true;
    std::string logLevel = "info";
    std::string permissionsFile;  // extra catalogue names, one per line (PERM-2)
    std::string trustedProxies;   // CIDR blocks whose forwarded header names the client
    std::string forwardedHeader = "x-forwarded-for";  // or "forwarded" (RFC 7239)
    std::string tlsCertificateFile;  // PEM chain; with tlsKeyFile, the listener speaks TLS
    std::string tlsKeyFile;
    // AUD-2 webhooks (docs/webhooks.md).
    int webhookWorkers = 2;  // delivery threads; 0: this instance delivers nothing
    int webhookFirstRetryMs = 1000;
    int webhookRetryForSeconds = 24 * 3600;
    int webhookTimeoutMs = 10'000;
    int webhookDisableAfterSeconds = 24 * 3600;
    std::string webhookExpiryNotices = "604800,86400";  // seconds before expiry, comma-separated
    int webhookExpiryCheckSeconds = 60;
    bool webhookAllowLoopback = false;  // endpoints on this host itself (tests, a local relay)
};

// The environment variable an option is also read from: `--data-dir`, TESSERA_DATA_DIR.
std::string environmentName(std::string_view option);

// An option that is also read from its environment variable.
template <class Field>
CLI::Option* addOption(CLI::App& command, const std::string& name, Field& field,
                       const std::string& help) {
    return command.add_option(name, field, help)->envname(environmentName(name));
}

void addServeOptions(CLI::App& command, ServeConfig& config);

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};
// HOST:PORT; fails with a message naming the option for anything else.
ListenAddress parseListen(const std::string& listen, std::string_view option = "--listen");

// --management-listen, if given: fails with a message when it cannot be parsed or would share
// --listen's address (the public port must not serve /metrics then).
std::optional<ListenAddress> parseManagementListen(const ServeConfig& config);

// --webhook-expiry-notices: whole seconds, each 1 to 90 days, at most 5; fails with a message.
std::vector<std::chrono::seconds> parseExpiryNotices(const ServeConfig& config);

// --trusted-proxies and --forwarded-header; fails with a message naming each bad entry.
domain::TrustedProxies parseTrustedProxies(const ServeConfig& config);

}  // namespace tessera::app
