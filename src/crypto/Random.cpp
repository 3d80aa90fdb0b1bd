#include "crypto/Random.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace tessera::crypto {

void SystemRandom::fill(std::span<std::uint8_t> out) {
    if (out.empty()) return;
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
        // Without randomness no secret can be made safely: this is a fatal condition.
        throw std::runtime_error("the system random generator failed");
    }
}

}  // namespace tessera::crypto
