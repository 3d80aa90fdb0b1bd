#include "crypto/PasswordHasher.h"

#include <sched.h>
#include <sodium.h>

#include <algorithm>
#include <semaphore>
#include <stdexcept>
#include <thread>

namespace tessera::crypto {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19u * 1024u * 1024u;

// At most one Argon2id computation per usable core at a time, process-wide. Hashing is CPU- and
// memory-bound: more at once would only share the cores (taking them from the I/O threads
// during a login flood) and add 19 MiB each. Worker threads beyond that stay free for writes.
// The cores this process may run on (its affinity, e.g. under taskset), not the machine's.
std::ptrdiff_t usableCores() {
    cpu_set_t cores;
    if (sched_getaffinity(0, sizeof cores, &cores) == 0) return std::max(1, CPU_COUNT(&cores));
    return std::max(1u, std::thread::hardware_concurrency());
}

std::counting_semaphore<>& hashingSlots() {
    static std::counting_semaphore<> slots(usableCores());
    return slots;
}

struct HashingSlot {
    HashingSlot() { hashingSlots().acquire(); }
    ~HashingSlot() { hashingSlots().release(); }
    HashingSlot(const HashingSlot&) = delete;
    HashingSlot& operator=(const HashingSlot&) = delete;
};

}  // namespace

PasswordHasher::PasswordHasher() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    auto dummy = hash("tessera-timing-equaliser");
    if (!dummy) throw std::runtime_error("argon2id is unavailable");
    dummyHash_ = *dummy;
}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    HashingSlot slot;
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
    HashingSlot slot;
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verifyDummy(std::string_view password) const {
    // The outcome is irrelevant: only the time spent matters.
    HashingSlot slot;
    int outcome = crypto_pwhash_str_verify(dummyHash_.c_str(), password.data(), password.size());
    static_cast<void>(outcome);
}

}  // namespace tessera::crypto
