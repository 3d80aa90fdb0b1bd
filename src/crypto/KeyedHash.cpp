#include "crypto/KeyedHash.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <atomic>
#include <stdexcept>
#include <utility>

#include "crypto/OpenSslHandles.h"

namespace tessera::crypto {
namespace {

std::atomic<std::uint64_t> nextId{1};

EVP_MAC* hmacAlgorithm() {
    static EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
    return mac.get();
}

struct ThreadContext {
    std::uint64_t ownerId = 0;
    EvpMacCtxPtr context;
};

// Small: a process normally has one keyed hash (the pepper); tests have a few.
thread_local std::vector<ThreadContext> threadContexts;

EVP_MAC_CTX* contextFor(std::uint64_t id, const std::vector<std::uint8_t>& key) {
    for (auto& entry : threadContexts) {
        if (entry.ownerId == id) return entry.context.get();
    }
    EvpMacCtxPtr context(EVP_MAC_CTX_new(hmacAlgorithm()));
    char digestName[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
                           OSSL_PARAM_construct_end()};
    if (!context || EVP_MAC_init(context.get(), key.data(), key.size(), params) != 1) {
        throw std::runtime_error("HMAC-SHA256 initialisation failed");
    }
    if (threadContexts.size() >= 8) threadContexts.erase(threadContexts.begin());
    threadContexts.push_back({id, std::move(context)});
    return threadContexts.back().context.get();
}

}  // namespace

KeyedHash::KeyedHash(std::vector<std::uint8_t> key) : key_(std::move(key)), id_(nextId++) {
    if (key_.size() < 32)
        throw std::invalid_argument("a keyed hash needs a key of 32 bytes or more");
}

KeyedHash::~KeyedHash() {
    OPENSSL_cleanse(key_.data(), key_.size());
}

Digest KeyedHash::operator()(std::string_view data) const {
    EVP_MAC_CTX* context = contextFor(id_, key_);
    // A null key re-initialises with the key already set, which keeps the precomputed pads.
    Digest out{};
    size_t length = 0;
    if (EVP_MAC_init(context, nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
            1 ||
        EVP_MAC_final(context, out.data(), &length, out.size()) != 1 || length != out.size()) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return out;
}

Digest sha256(std::string_view data) {
    static EvpMdPtr md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    Digest out{};
    unsigned int length = 0;
    if (!md || !context || EVP_DigestInit_ex(context.get(), md.get(), nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), out.data(), &length) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return out;
}

}  // namespace tessera::crypto
