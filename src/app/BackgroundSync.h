#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "service/ChangeFollower.h"
#include "service/Clock.h"
#include "service/ExpiryNotifier.h"
#include "service/SessionService.h"
#include "service/StoreHealth.h"
#include "service/TokenUseFlusher.h"
#include "store/Store.h"

namespace tessera::app {

// The one background thread: follows the change log (woken by the store's signal where it has
// one, and checking the log periodically as the safety net), flushes token usage, prunes what
// expired, looks for due expiry notices (AUD-2) and keeps StoreHealth current. Never an I/O
// thread.
class BackgroundSync {
  public:
    BackgroundSync(service::ChangeFollower& follower, service::TokenUseFlusher& flusher,
                   service::SessionService& sessions, service::ExpiryNotifier& expiryNotifier,
                   store::Store& store, service::StoreHealth& health, const service::Clock& clock);
    ~BackgroundSync();
    BackgroundSync(const BackgroundSync&) = delete;
    BackgroundSync& operator=(const BackgroundSync&) = delete;

  private:
    using Clock = std::chrono::steady_clock;
    void loop();
    // Sleeps until `deadline` or a signal; true when the log should be read now.
    bool waitForChange(Clock::time_point deadline);
    void catchUp();
    void housekeeping(int tick);
    void noteReachable(bool reachable, std::string_view why);

    service::ChangeFollower& follower_;
    service::TokenUseFlusher& flusher_;
    service::SessionService& sessions_;
    service::ExpiryNotifier& expiryNotifier_;
    store::Store& store_;
    service::StoreHealth& health_;
    const service::Clock& clock_;
    std::unique_ptr<store::ChangeSignal> signal_;
    bool signalHealthy_ = false;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tessera::app
