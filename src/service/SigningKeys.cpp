#include "service/SigningKeys.h"

namespace tessera::service {

std::vector<const crypto::Es256Key*> SigningKeySet::verifying(domain::Timestamp now) const {
    std::vector<const crypto::Es256Key*> out{current.get()};
    for (const auto& old : retired) {
        if (old.verifiesUntil > now) out.push_back(old.key.get());
    }
    return out;
}

namespace {

// Touched when keys are set, never when they are read.
std::uint64_t nextGeneration() {
    static std::atomic<std::uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

SigningKeys::SigningKeys(SigningKeySet initial)
    : keys_(std::make_shared<const SigningKeySet>(std::move(initial))),
      generation_(nextGeneration()) {}

void SigningKeys::replace(SigningKeySet next) {
    std::lock_guard lock(mutex_);
    keys_ = std::make_shared<const SigningKeySet>(std::move(next));
    generation_.store(nextGeneration(), std::memory_order_release);
}

const SigningKeySet& SigningKeys::get() const {
    struct Cached {
        std::uint64_t generation = 0;
        std::shared_ptr<const SigningKeySet> keys;
    };
    thread_local Cached cached;
    auto generation = generation_.load(std::memory_order_acquire);
    if (cached.generation != generation) {
        std::lock_guard lock(mutex_);
        cached = {generation_.load(std::memory_order_relaxed), keys_};
    }
    return *cached.keys;
}

}  // namespace tessera::service
