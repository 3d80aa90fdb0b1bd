#include "service/ExpiryNotifier.h"

#include <algorithm>

#include "service/AuditScope.h"
#include "service/IoThread.h"
#include "service/Notifications.h"

namespace tessera::service {
namespace {

using namespace tessera::domain;

constexpr std::size_t kTokensPerLook = 1000;
constexpr std::string_view kLease = "webhook-expiry-look";

}  // namespace

ExpiryNotifier::ExpiryNotifier(store::Store& store, Writer& writer, const Clock& clock,
                               std::string instance, ExpiryNoticePolicy policy)
    : store_(store),
      writer_(writer),
      clock_(clock),
      instance_(std::move(instance)),
      policy_(std::move(policy)) {
    auto now = clock_.now();
    auto longest = std::chrono::seconds(0);
    for (auto notice : policy_.notices) longest = std::max(longest, notice);
    // At start, moments up to the longest notice back are looked at again: what came while no
    // instance was running is announced late rather than never (fixed ids skip what was sent).
    windows_.push_back({std::chrono::seconds(0), now - longest});
    for (auto notice : policy_.notices) windows_.push_back({notice, now - longest});
}

Result<std::size_t> ExpiryNotifier::poll() {
    auto now = clock_.now();
    if (now - lastLook_ < policy_.every) return std::size_t{0};
    noteBlockingWork("looking for expiring tokens");
    lastLook_ = now;
    auto leased = store_.putTransient(kLease, "lease", instance_, now + policy_.every, now);
    TESSERA_TRY(leased);
    if (!*leased) return std::size_t{0};  // another instance looks this time
    AuditScope scope(nullptr, "system", "", "");
    std::size_t added = 0;
    for (auto& window : windows_) {
        auto looked = look(window, now);
        TESSERA_TRY(looked);
        added += *looked;
    }
    return added;
}

Result<std::size_t> ExpiryNotifier::look(Window& window, Timestamp now) {
    auto tokens = store_.tokensExpiring(window.coveredUntil + window.before, now + window.before,
                                        kTokensPerLook);
    TESSERA_TRY(tokens);
    auto covered = now;
    if (tokens->size() == kTokensPerLook) {
        // More may share the last one's second: read that second again next time (what was
        // sent is skipped), unless the whole read was that one second.
        auto last = *tokens->back().token.expiresAt - window.before;
        covered = last - std::chrono::seconds(1);
        if (covered <= window.coveredUntil) covered = last;
    }
    std::vector<Notification> notices;
    std::vector<std::string> ids;
    for (const auto& [token, createdAt] : *tokens) {
        // A token made to live less than the notice is not announced by it.
        if (window.before.count() > 0 && *token.expiresAt - window.before < createdAt) continue;
        auto notice = window.before.count() > 0
                          ? tokenExpiringNotification(token, window.before.count())
                          : tokenNotification("token.expired", token);
        if (window.before.count() == 0) notice.id = "msg_expired_" + token.locator;
        ids.push_back(notice.id);
        notices.push_back(std::move(notice));
    }
    auto known = store_.knownNotifications(ids);
    TESSERA_TRY(known);
    std::erase_if(notices, [&](const Notification& notice) {
        return std::ranges::find(*known, notice.id) != known->end();
    });
    if (!notices.empty()) {
        auto written = writer_.write([&]() -> Result<store::WriteBatch> {
            store::WriteBatch batch;
            batch.notifications = notices;
            return batch;
        });
        TESSERA_TRY(written);
    }
    window.coveredUntil = covered;
    return notices.size();
}

}  // namespace tessera::service
