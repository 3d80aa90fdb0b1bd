#include "service/SigningKeys.h"

namespace tessera::service {

std::vector<const crypto::Es256Key*> SigningKeySet::verifying(domain::Timestamp now) const {
    std::vector<const crypto::Es256Key*> out{current.get()};
    for (const auto& old : retired) {
        if (old.verifiesUntil > now) out.push_back(old.key.get());
    }
    return out;
}

SigningKeys::SigningKeys(SigningKeySet initial)
    : keys_(std::make_shared<const SigningKeySet>(std::move(initial))) {}

void SigningKeys::replace(SigningKeySet next) {
    std::lock_guard lock(mutex_);
    keys_ = std::make_shared<const SigningKeySet>(std::move(next));
    generation_.fetch_add(1, std::memory_order_release);
}

const SigningKeySet& SigningKeys::get() const {
    struct Cached {
        const SigningKeys* owner = nullptr;
        std::uint64_t generation = 0;
        std::shared_ptr<const SigningKeySet> keys;
    };
    thread_local Cached cached;
    auto generation = generation_.load(std::memory_order_acquire);
    if (cached.owner != this || cached.generation != generation) {
        std::lock_guard lock(mutex_);
        cached = {this, generation_.load(std::memory_order_relaxed), keys_};
    }
    return *cached.keys;
}

}  // namespace tessera::service
