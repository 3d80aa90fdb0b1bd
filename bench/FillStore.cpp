// Fills an initialised SQLite store with USERS users holding TOKENS personal access tokens in
// all, through the store interface (not through HTTP), for scripts/bench part 8 (a million
// tokens: start-up time and memory per token). The token values are never made: each token has a
// random digest, so the tokens load and count but authenticate nothing.
//   tessera_fill_store DATA_DIR/tessera.db USERS TOKENS
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "crypto/Random.h"
#include "store/sqlite/SqliteStore.h"

using namespace tessera;

namespace {

// Deterministic, well-formed identifiers: a UUID for user number `n`, a 26-character locator for
// token number `n`.
std::string userLocator(long n) {
    char text[64];
    std::snprintf(text, sizeof text, "f1110000-0000-4000-8000-%012ld", n);
    return text;
}

std::string tokenLocator(long n) {
    char text[64];
    std::snprintf(text, sizeof text, "01F1LL%020ld", n);
    return text;
}

bool commit(store::Store& store, store::WriteBatch& batch) {
    auto committed = store.commit(batch);
    if (!committed) {
        std::fprintf(stderr, "commit failed: %s\n", committed.error().message.c_str());
        return false;
    }
    batch = {};
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s STORE_FILE USERS TOKENS\n", argv[0]);
        return 2;
    }
    long users = std::atol(argv[2]);
    long tokens = std::atol(argv[3]);
    if (users < 1 || tokens < 0) return 2;
    store::sqlite::SqliteStore store(argv[1], "fill-store");
    crypto::SystemRandom random;
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto started = std::chrono::steady_clock::now();

    store::WriteBatch batch;
    domain::Tenant tenant{"f1110000-0000-4000-8000-7e0a07000000",
                          "default",
                          "fill",
                          domain::TenantType::Test,
                          "",
                          now,
                          "",
                          now};
    batch.putTenants.push_back(tenant);
    domain::Role role;
    role.locator = "01F1LLR0LE0000000000000000";
    role.businessAccount = "default";
    role.name = "fill-role";
    role.permissions = {"quotes.*", "policies.read"};
    role.createdAt = now;
    batch.putRoles.push_back(role);
    if (!commit(store, batch)) return 1;

    // Grants repeat, as in practice: a few shapes shared by many tokens.
    const std::vector<std::vector<std::string>> grants = {
        {"quotes.read"}, {"quotes.write", "policies.read"}, {"quotes.*"}, {"policies.read"}};
    long perUser = (tokens + users - 1) / users;
    long made = 0;
    for (long u = 0; u < users; ++u) {
        domain::User user;
        user.locator = userLocator(u);
        user.businessAccount = "default";
        user.userName = "fill-" + std::to_string(u) + "@example.com";
        user.roleLocators = {role.locator};
        user.tenants = {tenant.locator};
        user.patLimit = 10;
        user.createdAt = now;
        batch.putUsers.push_back(user);
        for (long t = 0; t < perUser && made < tokens; ++t, ++made) {
            domain::PersonalAccessToken token;
            token.locator = tokenLocator(made);
            token.ownerLocator = user.locator;
            token.name = "token-" + std::to_string(t);
            token.permissions = grants[size_t(made) % grants.size()];
            token.tenants = {made % 2 ? "any" : tenant.locator};
            token.createdAt = now;
            if (made % 3 == 0) token.expiresAt = now + std::chrono::hours(24 * 90);
            random.fill(token.secretHash);
            batch.putTokens.push_back(std::move(token));
        }
        if (batch.putTokens.size() >= 20000 && !commit(store, batch)) return 1;
    }
    if (!batch.empty() && !commit(store, batch)) return 1;
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("filled %ld users and %ld tokens in %.1f s\n", users, made, seconds);
    return 0;
}
