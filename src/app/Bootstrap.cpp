#include "app/Bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "crypto/Base62.h"
#include "crypto/Ids.h"
#include "domain/PasswordPolicy.h"
#include "domain/PatRules.h"
#include "service/AuditScope.h"

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

DataDirectory openDataDirectory(const std::string& path, crypto::Random& random) {
    fs::path dir(path);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error("cannot create the data directory " + path + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);

    // 32 random bytes in a 0600 file, created on first start.
    auto randomSecret = [&](const char* name) {
        auto secretPath = dir / name;
        if (!fs::exists(secretPath)) {
            std::vector<std::uint8_t> bytes(32);
            random.fill(bytes);
            writeSecretFile(secretPath, std::string(bytes.begin(), bytes.end()));
        }
        checkPrivate(secretPath);
        auto text = readFile(secretPath);
        if (text.size() < 32) throw std::runtime_error(secretPath.string() + " is too short");
        return std::vector<std::uint8_t>(text.begin(), text.end());
    };
    auto pepper = randomSecret("token-pepper");
    // Encrypts identity providers' client secrets at rest (issue 6).
    auto secretsKey = randomSecret("secrets-key");

    auto keyPath = dir / "signing-key.pem";
    if (!fs::exists(keyPath)) {
        auto key = crypto::Es256Key::generate();
        if (!key) throw std::runtime_error(key.error().message);
        writeSecretFile(keyPath, key->privatePem());
    }
    checkPrivate(keyPath);
    auto key = crypto::Es256Key::fromPrivatePem(readFile(keyPath));
    if (!key) throw std::runtime_error(keyPath.string() + ": " + key.error().message);

    return DataDirectory{(dir / "tessera.db").string(), std::move(pepper), std::move(*key),
                         std::vector<std::uint8_t>(secretsKey.begin(), secretsKey.begin() + 32)};
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
    auto written = writer.write([&]() -> Result<store::WriteBatch> { return batch; });
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
