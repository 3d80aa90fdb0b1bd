#include "app/AdminCommands.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include "app/Bootstrap.h"
#include "app/Config.h"
#include "app/CopyStore.h"
#include "crypto/Ids.h"
#include "domain/Catalogue.h"
#include "domain/PasswordLifecycle.h"
#include "domain/PasswordPolicy.h"
#include "domain/PatRules.h"
#include "service/AuditScope.h"
#include "service/Clock.h"
#include "service/CredentialService.h"
#include "service/Directory.h"
#include "service/LimitRequestService.h"
#include "service/StoreCheck.h"
#include "service/Writer.h"
#include "store/SqlStore.h"

namespace tessera::app {
namespace {

struct AdminOptions {
    StoreOptions store;
    std::string masterKeyOut;
    std::string businessAccount = "default";
    std::string name;
    std::string user;
    std::string adminUser;
    int limit = 0;
    std::string state = "pending";
    std::string requestLocator;
    std::string note;
    bool temporary = false;
    std::string copyFrom;
    std::string copyTo;
    std::string copyFromMasterKey;
};

// The store and a Directory loaded from it, for one operator command.
struct OperatorSession {
    crypto::SystemRandom random;
    service::SystemClock clock;
    std::unique_ptr<store::SqlStore> store;
    service::Directory directory{domain::Catalogue::defaults()};
    std::unique_ptr<service::Writer> writer;
    // Audit events of operator commands name the operator as their actor (AUD-1).
    service::AuditScope audit{nullptr, "operator", "", "local"};

    explicit OperatorSession(const StoreOptions& options) {
        auto opened = openDeployment(
            options, random, "admin-" + crypto::newUlid(random, std::chrono::system_clock::now()));
        store = std::move(opened.store);
        std::int64_t sequence = 0;
        auto all = store->loadAll(sequence);
        if (!all) throw std::runtime_error("cannot read the store: " + all.error().message);
        directory.apply(*all);
        writer = std::make_unique<service::Writer>(*store, directory, random, clock);
        // A write that meets a concurrent change (a running server's) retries from fresh state.
        writer->follow(store->origin(), sequence);
    }
};

std::string passwordFromEnvironment() {
    const char* value = std::getenv("TESSERA_ADMIN_PASSWORD");
    return value ? value : "";
}

int createAccount(const AdminOptions& options) {
    OperatorSession session(options.store);
    crypto::PasswordHasher hasher;
    createBusinessAccount(*session.writer, session.directory, hasher, session.random, options.name,
                          options.adminUser, passwordFromEnvironment());
    return 0;
}

// Every running instance sees the rotation in the change log and signs with the new key; the
// retired one keeps verifying (and stays in the JWKS) until tokens it signed have expired.
int rotateKey(const AdminOptions& options) {
    crypto::SystemRandom random;
    auto deployment =
        openDeployment(options.store, random,
                       "admin-" + crypto::newUlid(random, std::chrono::system_clock::now()));
    auto kid = rotateSigningKey(deployment);
    std::cout << "the new signing key " << kid << " signs from now on\n";
    return 0;
}

int copyStoreCommand(const AdminOptions& options) {
    crypto::SystemRandom random;
    copyStore(options.copyFrom, options.copyFromMasterKey, options.copyTo,
              options.store.masterKeyFile, random);
    return 0;
}

int listAccounts(const AdminOptions& options) {
    OperatorSession session(options.store);
    auto names = session.directory.businessAccountNames();
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        auto account = session.directory.findBusinessAccount(name);
        std::cout << name << "\tpat-limit=" << account->patLimit
                  << "\tusers=" << session.directory.usersOf(name).size() << "\n";
    }
    return 0;
}

int setPatLimit(const AdminOptions& options) {
    if (options.limit < 1 || options.limit > domain::kMaxPatLimit) {
        std::cerr << "error: --limit must be from 1 to " << domain::kMaxPatLimit << " (PAT-6)\n";
        return 2;
    }
    OperatorSession session(options.store);
    auto written = session.writer->write([&]() -> Result<store::WriteBatch> {
        auto account = session.directory.findBusinessAccount(options.businessAccount);
        if (!account)
            return fail(ErrorCode::NotFound,
                        "no business account '" + options.businessAccount + "'");
        store::WriteBatch batch;
        if (options.user.empty()) {
            auto changed = *account;
            changed.patLimit = options.limit;
            batch.putBusinessAccounts.push_back(changed);
            batch.events.push_back(service::auditEvent("auth.limit.set", account->name,
                                                       {{"limit", std::to_string(options.limit)}}));
            return batch;
        }
        auto user = session.directory.findUserByName(options.businessAccount, options.user);
        if (!user)
            return fail(ErrorCode::NotFound,
                        "no user '" + options.user + "' in " + options.businessAccount);
        auto changed = user->user;
        changed.patLimit = options.limit;
        batch.putUsers.push_back(changed);
        batch.events.push_back(service::auditEvent("auth.limit.set", options.businessAccount,
                                                   {{"userLocator", changed.locator},
                                                    {"userName", changed.userName},
                                                    {"limit", std::to_string(options.limit)}}));
        return batch;
    });
    if (!written) {
        std::cerr << "error: " << written.error().message << "\n";
        return 1;
    }
    std::cout << "PAT limit set to " << options.limit << " for "
              << (options.user.empty() ? "business account " + options.businessAccount
                                       : options.user)
              << "\n";
    return 0;
}

// Read-only: safe beside running instances. Exit status 1 when an invariant does not hold.
int checkStoreCommand(const AdminOptions& options) {
    // A mistyped directory must not pass as an empty, consistent store (opening one creates it).
    if (options.store.url.empty() &&
        !std::filesystem::exists(std::filesystem::path(options.store.dataDir) / "tessera.db")) {
        std::cerr << "error: " << options.store.dataDir << " holds no Tessera store (tessera.db)\n";
        return 2;
    }
    Result<service::StoreCheckReport> report = fail(ErrorCode::Internal, "not run");
    try {
        crypto::SystemRandom random;
        auto opened =
            openDeployment(options.store, random,
                           "admin-" + crypto::newUlid(random, std::chrono::system_clock::now()));
        report = service::checkStore(*opened.store, service::SystemClock().now());
    } catch (const std::exception& error) {
        report = fail(ErrorCode::Unavailable, error.what());
    }
    if (!report) {
        std::cerr << "error: cannot read the store: " << report.error().message << "\n";
        return 2;
    }
    for (const auto& note : report->notes) std::cout << "note: " << note << "\n";
    for (const auto& problem : report->problems) std::cout << "problem: " << problem << "\n";
    if (!report->problems.empty()) {
        std::cout << "store inconsistent: " << report->problems.size() << " problem(s)\n";
        return 1;
    }
    std::cout << "store consistent: " << report->users << " users, " << report->tokens
              << " tokens, " << report->sessions << " sessions\n";
    return 0;
}

int resetPassword(const AdminOptions& options) {
    OperatorSession session(options.store);
    auto user = session.directory.findUserByName(options.businessAccount, options.user);
    if (!user) {
        std::cerr << "error: no user '" << options.user << "' in " << options.businessAccount
                  << "\n";
        return 1;
    }
    auto password = passwordFromEnvironment();
    bool generated = password.empty();
    if (generated) password = generatePassword(session.random);
    // The business account's policy and password history apply here too (JWT-3).
    auto account = session.directory.findBusinessAccount(options.businessAccount);
    auto policy = account ? account->passwordPolicy : domain::PasswordPolicy{};
    crypto::PasswordHasher hasher;
    auto hash = service::hashAcceptablePassword(hasher, policy, user->user, password);
    if (!hash) {
        std::cerr << "error: " << hash.error().message;
        for (const auto& violation : hash.error().offending) std::cerr << "; " << violation;
        std::cerr << "\n";
        return 2;
    }
    auto written = session.writer->write([&]() -> Result<store::WriteBatch> {
        auto current = session.directory.findUser(user->user.locator);
        if (!current) return fail(ErrorCode::NotFound, "the user no longer exists");
        store::WriteBatch batch;
        auto changed = current->user;
        changed.credentials =
            domain::afterPasswordChange(changed.credentials, changed.passwordHash, policy,
                                        session.clock.now(), options.temporary);
        changed.passwordHash = *hash;
        changed.enabled = true;
        batch.putUsers.push_back(changed);
        // Whoever knew the old password may hold a session: all of them end.
        for (const auto& existing : session.directory.sessionsOf(changed.locator))
            batch.deleteSessions.push_back(existing->id);
        batch.events.push_back(
            service::auditEvent("auth.user.password.reset", options.businessAccount,
                                {{"userLocator", changed.locator},
                                 {"userName", changed.userName},
                                 {"temporary", options.temporary ? "true" : "false"}}));
        return batch;
    });
    if (!written) {
        std::cerr << "error: " << written.error().message << "\n";
        return 1;
    }
    std::cout << "Password reset for " << options.user << ".";
    if (generated) std::cout << " New password (shown once): " << password;
    std::cout << std::endl;
    return 0;
}

int listLimitRequests(const AdminOptions& options) {
    auto state = domain::parseName<domain::LimitRequestState>(options.state);
    if (!state && options.state != "all") {
        std::cerr << "error: --state must be pending, approved, denied or all\n";
        return 2;
    }
    OperatorSession session(options.store);
    auto requests = session.store->listLimitRequests({"", "", state});
    if (!requests) {
        std::cerr << "error: " << requests.error().message << "\n";
        return 1;
    }
    for (const auto& request : *requests) {
        auto user = session.directory.findUser(request.userLocator);
        std::cout << request.locator << "\t" << domain::nameOf(request.state) << "\t"
                  << request.businessAccount << "\t" << (user ? user->user.userName : "?")
                  << "\tlimit " << (user ? session.directory.patLimitOf(user->user) : 0) << " -> "
                  << request.requestedLimit << "\t" << domain::formatTimestamp(request.createdAt)
                  << "\t" << request.reason << "\n";
    }
    if (requests->empty()) std::cout << "no " << options.state << " requests\n";
    return 0;
}

int decideLimitRequest(const AdminOptions& options, bool approve) {
    OperatorSession session(options.store);
    service::LimitRequestService requests(
        {session.directory, *session.writer, session.random, session.clock});
    const char* who = std::getenv("USER");
    auto decided =
        requests.decide(options.requestLocator, approve,
                        std::string("operator:") + (who ? who : "unknown"), options.note);
    if (!decided) {
        std::cerr << "error: " << decided.error().message << "\n";
        return 1;
    }
    std::cout << "Request " << decided->locator << (approve ? " approved" : " denied");
    if (approve) std::cout << ": PAT limit is now " << decided->requestedLimit;
    std::cout << "\n";
    return 0;
}

}  // namespace

void addAdminCommands(CLI::App& admin, std::function<int()>& action) {
    auto options = std::make_shared<AdminOptions>();
    addOption(admin, "--data-dir", options->store.dataDir, "Data directory (SQLite)")
        ->capture_default_str();
    addOption(admin, "--store", options->store.url, "postgresql://… URL (default: SQLite)");
    addOption(admin, "--master-key-file", options->store.masterKeyFile,
              "The master key (required with PostgreSQL)");

    auto* generate = admin.add_subcommand(
        "generate-master-key",
        "Write a new 32-byte master key to FILE (mode 0600; never replaces a file)");
    generate->add_option("file", options->masterKeyOut, "Where to write it")->required();
    generate->callback([options, &action] {
        action = [options] {
            crypto::SystemRandom random;
            generateMasterKey(options->masterKeyOut, random);
            std::cout << "master key written to " << options->masterKeyOut
                      << "; give every instance the same file and keep a copy apart from the "
                         "database's backups\n";
            return 0;
        };
    });
    admin.require_subcommand(1);

    auto* create =
        admin.add_subcommand("create-business-account",
                             "Create a business account and its first admin (password from "
                             "TESSERA_ADMIN_PASSWORD, or generated and printed once)");
    create->add_option("name", options->name, "Name, [a-z0-9-]{1,63}")->required();
    create->add_option("--admin-user", options->adminUser, "The admin's user name (email-shaped)")
        ->required();
    create->callback(
        [options, &action] { action = [options] { return createAccount(*options); }; });

    auto* rotate = admin.add_subcommand(
        "rotate-signing-key",
        "Start signing JWTs with a new key; the old one verifies until its tokens have expired");
    rotate->callback([options, &action] { action = [options] { return rotateKey(*options); }; });

    auto* copy = admin.add_subcommand(
        "copy-store",
        "Copy a SQLite data directory into an empty PostgreSQL database (with --master-key-file "
        "for the target)");
    copy->add_option("--from", options->copyFrom, "The SQLite data directory")->required();
    copy->add_option("--from-master-key-file", options->copyFromMasterKey,
                     "The source's master key (default: DIR/master-key)");
    copy->add_option("--to", options->copyTo, "The empty target, postgresql://…")->required();
    copy->callback(
        [options, &action] { action = [options] { return copyStoreCommand(*options); }; });

    auto* check = admin.add_subcommand(
        "check-store",
        "Verify the store's invariants (owners exist, PAT limits hold, no orphan rows, change "
        "log numbering); exit 1 when one does not hold");
    check->callback(
        [options, &action] { action = [options] { return checkStoreCommand(*options); }; });

    auto* list = admin.add_subcommand("list-business-accounts", "List business accounts");
    list->callback([options, &action] { action = [options] { return listAccounts(*options); }; });

    auto* limit = admin.add_subcommand(
        "set-pat-limit",
        "Set the PAT limit of a business account's users, or of one user (PAT-6, at most 10)");
    limit->add_option("--business-account", options->businessAccount, "Business account")
        ->capture_default_str();
    limit->add_option("--user", options->user,
                      "One user's name; omit to set the account's default");
    limit->add_option("--limit", options->limit, "The limit, 1 to 10")->required();
    limit->callback([options, &action] { action = [options] { return setPatLimit(*options); }; });

    auto* reset =
        admin.add_subcommand("reset-password",
                             "Set a user's password (from TESSERA_ADMIN_PASSWORD, or generated and "
                             "printed once) and enable the user");
    reset->add_option("--business-account", options->businessAccount, "Business account")
        ->capture_default_str();
    reset->add_option("--user", options->user, "User name")->required();
    reset->add_flag("--temporary", options->temporary,
                    "The user must change the password at the next login");
    reset->callback([options, &action] { action = [options] { return resetPassword(*options); }; });

    auto* listRequests = admin.add_subcommand(
        "list-limit-requests", "List requests for a higher PAT limit (PAT-6 extension)");
    listRequests->add_option("--state", options->state, "pending, approved, denied or all")
        ->capture_default_str();
    listRequests->callback(
        [options, &action] { action = [options] { return listLimitRequests(*options); }; });

    for (bool approve : {true, false}) {
        auto* decide = admin.add_subcommand(
            approve ? "approve-limit-request" : "deny-limit-request",
            approve ? "Approve a PAT-limit request: the person's limit becomes the one requested"
                    : "Deny a PAT-limit request");
        decide->add_option("request", options->requestLocator, "The request's locator")->required();
        decide->add_option("--note", options->note, "A note the person sees with the decision");
        decide->callback([options, &action, approve] {
            action = [options, approve] { return decideLimitRequest(*options, approve); };
        });
    }
}

}  // namespace tessera::app
