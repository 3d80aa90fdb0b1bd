#pragma once

#include <cstdint>
#include <span>

namespace tessera::crypto {

// Randomness is injected so tests can make it repeatable; production uses the OS CSPRNG.
class Random {
  public:
    virtual ~Random() = default;
    virtual void fill(std::span<std::uint8_t> out) = 0;
};

// OpenSSL's RAND_bytes, seeded from the operating system.
class SystemRandom final : public Random {
  public:
    void fill(std::span<std::uint8_t> out) override;
};

}  // namespace tessera::crypto
