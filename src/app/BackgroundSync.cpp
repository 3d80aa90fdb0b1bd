#include "app/BackgroundSync.h"

#include <spdlog/spdlog.h>

namespace tessera::app {
namespace {

// The safety net: the log is read this often even when no signal came. Polling is all SQLite
// has; with a working signal the check only guards against a lost notification.
constexpr std::chrono::milliseconds kPollWithoutSignal{250};
constexpr std::chrono::milliseconds kCheckWithSignal{1000};
constexpr std::chrono::milliseconds kTick{250};  // housekeeping runs in ticks of this

}  // namespace

BackgroundSync::BackgroundSync(service::ChangeFollower& follower, service::TokenUseFlusher& flusher,
                               service::SessionService& sessions,
                               service::ExpiryNotifier& expiryNotifier, store::Store& store,
                               service::StoreHealth& health, const service::Clock& clock)
    : follower_(follower),
      flusher_(flusher),
      sessions_(sessions),
      expiryNotifier_(expiryNotifier),
      store_(store),
      health_(health),
      clock_(clock),
      signal_(store.listen()),
      thread_([this] { loop(); }) {}

BackgroundSync::~BackgroundSync() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (signal_) signal_->interrupt();
    thread_.join();
    (void)flusher_.flush();
}

bool BackgroundSync::waitForChange(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    if (!signal_) {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, left, [this] { return stopping_; });
        return false;
    }
    auto signalled = signal_->wait(left);
    if (!signalled) {
        if (signalHealthy_)
            spdlog::warn("change notifications lost: {}", signalled.error().message);
        signalHealthy_ = false;
        return false;
    }
    if (!signalHealthy_) spdlog::info("listening for change notifications");
    signalHealthy_ = true;
    return *signalled;
}

void BackgroundSync::noteReachable(bool reachable, std::string_view why) {
    if (!health_.set(reachable)) return;
    if (reachable) {
        spdlog::info("the store is reachable again; following resumed");
    } else {
        spdlog::error(
            "the store cannot be reached ({}): not ready; /auth/check answers from "
            "memory, writes fail with 503",
            why);
    }
}

void BackgroundSync::catchUp() {
    auto applied = follower_.poll();
    if (!applied) {
        noteReachable(false, applied.error().message);
        return;
    }
    noteReachable(true, "");
    health_.caughtUp(follower_.position(), clock_.now().time_since_epoch().count());
    if (*applied > 0) spdlog::info("applied {} change(s) written elsewhere", *applied);
}

void BackgroundSync::housekeeping(int tick) {
    if (tick % 8 == 0) {  // every 2 s
        if (auto flushed = flusher_.flush(); !flushed)
            spdlog::warn("token usage flush failed: {}", flushed.error().message);
    }
    if (tick % 4 == 0) {  // every second; it looks as often as it is configured to
        if (auto noticed = expiryNotifier_.poll(); !noticed)
            spdlog::warn("looking for expiring tokens failed: {}", noticed.error().message);
    }
    if (tick % 240 == 0) {  // once a minute
        if (auto pruned = sessions_.pruneExpired(); !pruned)
            spdlog::warn("pruning expired sessions failed: {}", pruned.error().message);
        if (auto pruned = store_.pruneShortLived(clock_.now()); !pruned)
            spdlog::warn("pruning expired login state failed: {}", pruned.error().message);
    }
}

void BackgroundSync::loop() {
    auto nextCheck = Clock::now();
    auto nextTick = Clock::now() + kTick;
    int tick = 0;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        auto now = Clock::now();
        if (now >= nextCheck) {
            catchUp();
            nextCheck = now + (signal_ && signalHealthy_ ? kCheckWithSignal : kPollWithoutSignal);
        }
        if (now >= nextTick) {
            housekeeping(++tick);
            nextTick += kTick;
            if (nextTick < now) nextTick = now + kTick;  // after a long stall, do not race
        }
        if (waitForChange(std::min(nextCheck, nextTick))) nextCheck = Clock::now();
    }
}

}  // namespace tessera::app
