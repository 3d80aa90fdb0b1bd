#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "crypto/Es256Key.h"
#include "domain/Timestamp.h"

namespace tessera::service {

// The JWT keys of this deployment: the current one signs; a key retired by
// `tessera admin rotate-signing-key` still verifies (and is published in the JWKS) until the
// last token it can have signed has expired.
struct SigningKeySet {
    struct Retired {
        std::shared_ptr<const crypto::Es256Key> key;
        domain::Timestamp verifiesUntil{};
    };
    std::shared_ptr<const crypto::Es256Key> current;
    std::vector<Retired> retired;
    domain::Timestamp currentCreatedAt{};  // when the current key was made (/metrics: its age)

    // The keys that verify at `now`: the current one first.
    std::vector<const crypto::Es256Key*> verifying(domain::Timestamp now) const;
};

// Replaced while requests run (a rotation seen in the change log). Readers on the hot path take
// a per-thread copy, refreshed only when the generation changed: no lock and no shared reference
// count per request.
class SigningKeys {
  public:
    explicit SigningKeys(SigningKeySet initial);
    explicit SigningKeys(std::shared_ptr<const crypto::Es256Key> current)
        : SigningKeys(SigningKeySet{std::move(current), {}, {}}) {}
    void replace(SigningKeySet next);
    // Valid until this thread calls `get` again after a replacement: use it, do not keep it.
    const SigningKeySet& get() const;

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const SigningKeySet> keys_;
    // Unique across every SigningKeys of the process, so that a per-thread copy is never taken
    // for another object's keys (a new object may take a destroyed one's address).
    std::atomic<std::uint64_t> generation_;
};

}  // namespace tessera::service
