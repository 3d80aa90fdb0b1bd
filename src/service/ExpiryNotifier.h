#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "service/Clock.h"
#include "service/Writer.h"
#include "store/Store.h"

namespace tessera::service {

struct ExpiryNoticePolicy {
    // How long before its expiry a token is announced as expiring, once per entry.
    std::vector<std::chrono::seconds> notices{std::chrono::hours(7 * 24), std::chrono::hours(24)};
    std::chrono::seconds every{60};  // how often one instance looks
};

// AUD-2: token.expiring (once per notice) and token.expired. One instance at a time looks (a
// lease in the store's short-lived state) at the tokens whose moment came since the last look,
// by an index on expiry: nothing walks every token. Each notice has a fixed id, so a look
// repeated by another instance or after a restart adds nothing to the outbox twice.
class ExpiryNotifier {
  public:
    ExpiryNotifier(store::Store& store, Writer& writer, const Clock& clock, std::string instance,
                   ExpiryNoticePolicy policy);

    // Looks when `every` has passed since the last look; returns how many notices it added.
    Result<std::size_t> poll();

  private:
    // One kind of notice: `before` seconds ahead of the expiry (0: the expiry itself).
    struct Window {
        std::chrono::seconds before;
        domain::Timestamp coveredUntil;  // every moment up to this has been looked at
    };
    Result<std::size_t> look(Window& window, domain::Timestamp now);

    store::Store& store_;
    Writer& writer_;
    const Clock& clock_;
    std::string instance_;
    ExpiryNoticePolicy policy_;
    std::vector<Window> windows_;
    domain::Timestamp lastLook_{};
};

}  // namespace tessera::service
