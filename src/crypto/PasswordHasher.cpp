#include "crypto/PasswordHasher.h"

#include <sodium.h>

#include <stdexcept>

namespace tessera::crypto {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19u * 1024u * 1024u;

}  // namespace

PasswordHasher::PasswordHasher() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    auto dummy = hash("tessera-timing-equaliser");
    if (!dummy) throw std::runtime_error("argon2id is unavailable");
    dummyHash_ = *dummy;
}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return fail(ErrorCode::Unavailable, "password hashing ran out of memory");
    }
    return std::string(out);
}

bool PasswordHasher::verify(std::string_view storedHash, std::string_view password) const {
    if (storedHash.empty() || storedHash.size() >= crypto_pwhash_STRBYTES) {
        verifyDummy(password);
        return false;
    }
    std::string terminated(storedHash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verifyDummy(std::string_view password) const {
    // The outcome is irrelevant: only the time spent matters.
    int outcome = crypto_pwhash_str_verify(dummyHash_.c_str(), password.data(), password.size());
    static_cast<void>(outcome);
}

}  // namespace tessera::crypto
