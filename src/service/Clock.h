#pragma once

#include <chrono>

#include "domain/Timestamp.h"

namespace tessera::service {

// Time is injected so that expiry can be tested without waiting.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual domain::Timestamp now() const = 0;
};

class SystemClock final : public Clock {
  public:
    domain::Timestamp now() const override {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

}  // namespace tessera::service
