#pragma once

#include "crypto/Random.h"
#include "service/Clock.h"
#include "service/Directory.h"
#include "service/Writer.h"

namespace tessera::service {

// What the services that change the directory all work with: the state they read, the writer
// that commits their changes, randomness for new locators and secrets, and the time. Wired once
// (src/app/main.cpp) and copied into each of them; what it refers to outlives them.
struct ServiceContext {
    Directory& directory;
    Writer& writer;
    crypto::Random& random;
    const Clock& clock;
};

}  // namespace tessera::service
