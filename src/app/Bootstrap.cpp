#include "app/Bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>

#include "crypto/Base62.h"
#include "crypto/Ids.h"
#include "crypto/SecretBox.h"
#include "domain/PasswordPolicy.h"
#include "domain/PatRules.h"
#include "service/AuditScope.h"
#include "store/postgres/PgStore.h"
#include "store/sqlite/SqliteStore.h"

namespace tessera::app {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// Writes a new secret file readable by the owner only; never replaces an existing one.
void writeSecretFile(const fs::path& path, std::string_view content) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + path.string());
    auto written = ::write(fd, content.data(), content.size());
    bool ok = written == ssize_t(content.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + path.string());
}

void checkPrivate(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
        throw std::runtime_error(path.string() + " is readable by others; run chmod 600 on it");
    }
}

}  // namespace

std::string generatePassword(crypto::Random& random) {
    // 24 base62 characters (~143 bits) plus one of each class the default policy asks for.
    return crypto::randomBase62(random, 24) + "-Aa1";
}

void generateMasterKey(const std::string& path, crypto::Random& random) {
    if (fs::exists(path))
        throw std::runtime_error(path + " exists; a master key is never replaced");
    std::vector<std::uint8_t> bytes(32);
    random.fill(bytes);
    writeSecretFile(path, std::string(bytes.begin(), bytes.end()));
}

namespace {

constexpr std::string_view kPepper = "token-pepper";
constexpr std::string_view kSecretsKey = "secrets-key";
constexpr std::string_view kSigningKey = "signing-key";
constexpr std::string_view kRetiredSigningKey = "retired-signing-key/";

std::unique_ptr<store::SqlStore> openStore(const StoreOptions& options, const std::string& origin) {
    try {
        if (!options.url.empty()) {
            if (!options.url.starts_with("postgresql://") &&
                !options.url.starts_with("postgres://"))
                throw std::runtime_error("--store must be a postgresql:// URL");
            return std::make_unique<store::postgres::PgStore>(options.url, origin);
        }
        return std::make_unique<store::sqlite::SqliteStore>(
            (fs::path(options.dataDir) / "tessera.db").string(), origin);
    } catch (const store::SqlFailure& failure) {
        throw std::runtime_error(std::string("cannot open the store: ") + failure.what());
    }
}

}  // namespace

std::vector<std::uint8_t> readMasterKeyFile(const std::string& path) {
    if (!fs::exists(path)) {
        throw std::runtime_error("the master key file " + path +
                                 " does not exist; create one with 'tessera admin "
                                 "generate-master-key FILE' and keep a copy apart from the "
                                 "database's backups");
    }
    checkPrivate(path);
    auto text = readFile(path);
    if (text.size() != 32)
        throw std::runtime_error("the master key file " + path + " must hold exactly 32 bytes");
    return std::vector<std::uint8_t>(text.begin(), text.end());
}

Deployment openDeployment(const StoreOptions& options, crypto::Random& random,
                          const std::string& origin) {
    fs::path dir(options.dataDir);
    auto masterKeyFile = options.masterKeyFile;
    if (options.url.empty()) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            throw std::runtime_error("cannot create the data directory " + options.dataDir + ": " +
                                     ec.message());
        }
        ::chmod(dir.c_str(), 0700);
        // The embedded default keeps its master key beside the database unless told otherwise.
        if (masterKeyFile.empty()) {
            masterKeyFile = (dir / "master-key").string();
            if (!fs::exists(masterKeyFile)) generateMasterKey(masterKeyFile, random);
        }
    } else if (masterKeyFile.empty()) {
        throw std::runtime_error(
            "--master-key-file (TESSERA_MASTER_KEY_FILE) is required with PostgreSQL: every "
            "instance is given the same one; create it with 'tessera admin generate-master-key "
            "FILE'");
    }
    crypto::SecretBox master(readMasterKeyFile(masterKeyFile));
    auto store = openStore(options, origin);
    auto stored = store->loadKeys();
    if (!stored)
        throw std::runtime_error("cannot read the key material: " + stored.error().message);

    // Each key: the stored one; else one a data directory of an earlier version holds (so its
    // tokens keep working); else a new one. Whichever process stores it first, all use that.
    auto key = [&](std::string_view name, const std::function<std::string()>& create) {
        std::optional<store::SealedKey> found;
        for (const auto& entry : *stored) {
            if (entry.name == name) found = entry;
        }
        if (!found) {
            auto created = store->putKeyOnce(
                {std::string(name), master.seal(create()),
                 std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())});
            if (!created)
                throw std::runtime_error("cannot store the key material: " +
                                         created.error().message);
            found = *created;
        }
        auto opened = master.open(found->sealed);
        if (!opened) {
            throw std::runtime_error(
                "the master key does not open the key material in the store "
                "(is it the right --master-key-file?)");
        }
        return *opened;
    };
    auto legacyOr = [&](const char* file, const std::function<std::string()>& create) {
        return [&, file, create] {
            auto path = dir / file;
            if (options.url.empty() && fs::exists(path)) {
                checkPrivate(path);
                return readFile(path);
            }
            return create();
        };
    };
    auto randomBytes = [&] {
        std::string bytes(32, '\0');
        random.fill(std::span(reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size()));
        return bytes;
    };
    auto pepper = key(kPepper, legacyOr("token-pepper", randomBytes));
    auto secrets = key(kSecretsKey, legacyOr("secrets-key", randomBytes));
    auto pem = key(kSigningKey, legacyOr("signing-key.pem", [] {
                       auto generated = crypto::Es256Key::generate();
                       if (!generated) throw std::runtime_error(generated.error().message);
                       return generated->privatePem();
                   }));
    if (pepper.size() < 32 || secrets.size() < 32)
        throw std::runtime_error("the stored key material is too short");
    Deployment deployment{std::move(store),
                          std::vector<std::uint8_t>(pepper.begin(), pepper.end()),
                          nullptr,
                          {},
                          {},
                          masterKeyFile,
                          std::vector<std::uint8_t>(secrets.begin(), secrets.begin() + 32)};
    reloadSigningKeys(deployment);
    return deployment;
}

void reloadSigningKeys(Deployment& deployment) {
    crypto::SecretBox master(readMasterKeyFile(deployment.masterKeyFile));
    auto stored = deployment.store->loadKeys();
    if (!stored)
        throw std::runtime_error("cannot read the key material: " + stored.error().message);
    auto parse = [&](const store::SealedKey& entry) {
        auto pem = master.open(entry.sealed);
        if (!pem) throw std::runtime_error("the master key does not open " + entry.name);
        auto key = crypto::Es256Key::fromPrivatePem(*pem);
        if (!key) throw std::runtime_error("the stored " + entry.name + ": " + key.error().message);
        return std::make_shared<const crypto::Es256Key>(std::move(*key));
    };
    deployment.retiredKeys.clear();
    for (const auto& entry : *stored) {
        if (entry.name == kSigningKey) {
            deployment.signingKey = parse(entry);
            deployment.signingKeyCreatedAt = entry.createdAt;
        } else if (entry.name.starts_with(kRetiredSigningKey)) {
            deployment.retiredKeys.emplace_back(parse(entry), entry.createdAt);
        }
    }
    if (!deployment.signingKey) throw std::runtime_error("the store holds no signing key");
}

std::string rotateSigningKey(Deployment& deployment) {
    crypto::SecretBox master(readMasterKeyFile(deployment.masterKeyFile));
    auto stored = deployment.store->loadKeys();
    if (!stored)
        throw std::runtime_error("cannot read the key material: " + stored.error().message);
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto generated = crypto::Es256Key::generate();
    if (!generated) throw std::runtime_error(generated.error().message);
    std::vector<store::SealedKey> put{
        {std::string(kSigningKey), master.seal(generated->privatePem()), now}};
    std::vector<std::string> remove;
    for (const auto& entry : *stored) {
        if (entry.name == kSigningKey) {
            // Retired now: its created_at says when, which bounds how long it verifies.
            auto pem = master.open(entry.sealed);
            auto retired = pem ? crypto::Es256Key::fromPrivatePem(*pem)
                               : std::unexpected(Error{ErrorCode::Internal, "unreadable"});
            if (!retired) throw std::runtime_error("the master key does not open the signing key");
            put.push_back({std::string(kRetiredSigningKey) + retired->kid(), entry.sealed, now});
        } else if (entry.name.starts_with(kRetiredSigningKey) &&
                   entry.createdAt + std::chrono::hours(24) < now) {
            remove.push_back(entry.name);
        }
    }
    if (auto replaced = deployment.store->replaceKeys(put, remove); !replaced)
        throw std::runtime_error("cannot store the new signing key: " + replaced.error().message);
    reloadSigningKeys(deployment);
    return generated->kid();
}

void createBusinessAccount(service::Writer& writer, const service::Directory& directory,
                           const crypto::PasswordHasher& hasher, crypto::Random& random,
                           const std::string& name, const std::string& adminUser,
                           std::string password) {
    using namespace tessera::domain;
    if (!isValidBusinessAccountName(name)) {
        throw std::invalid_argument("business account names match [a-z0-9-]{1,63}: '" + name + "'");
    }
    if (directory.findBusinessAccount(name))
        throw std::invalid_argument("business account '" + name + "' exists");
    if (!isValidUserName(adminUser))
        throw std::invalid_argument("the admin user name must be email-shaped");
    bool generated = password.empty();
    if (generated) password = generatePassword(random);
    auto violations = passwordViolations(PasswordPolicy{}, password, adminUser, adminUser);
    if (!violations.empty()) {
        std::string text = "the admin password does not meet the password policy:";
        for (const auto& violation : violations) text += " " + violation + ";";
        throw std::invalid_argument(text);
    }
    auto hash = hasher.hash(password);
    if (!hash) throw std::runtime_error(hash.error().message);
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

    store::WriteBatch batch;
    batch.putBusinessAccounts.push_back(BusinessAccount{name, kDefaultPatLimit, now, {}, {}});
    User admin;
    admin.locator = crypto::newUuid(random);
    admin.businessAccount = name;
    admin.userName = adminUser;
    admin.firstName = "Admin";
    admin.lastName = "User";
    admin.email = adminUser;
    admin.roleLocators = {std::string(kAdminRoleLocator)};
    admin.passwordHash = *hash;
    admin.createdAt = now;
    admin.credentials.passwordChangedAt = now;
    batch.putUsers.push_back(admin);
    batch.events.push_back(service::auditEvent("auth.businessAccount.create", name));
    batch.events.push_back(service::auditEvent(
        "auth.user.create", name,
        {{"userLocator", admin.locator}, {"userName", admin.userName}, {"roles", "admin"}}));
    auto written = writer.write([&]() -> Result<store::WriteBatch> {
        // Decided again on the state the write commits against: another instance may have
        // initialised the same store a moment ago.
        if (directory.findBusinessAccount(name))
            return fail(ErrorCode::Conflict, "business account '" + name + "' exists");
        return batch;
    });
    if (!written)
        throw std::runtime_error("cannot create the business account: " + written.error().message);
    if (generated) {
        // Printed once, to standard output only: never to the log.
        std::cout << "Business account '" << name << "' created. Admin user: " << adminUser
                  << "\nOne-time admin password (shown once, store it now): " << password
                  << std::endl;
    }
}

}  // namespace tessera::app
