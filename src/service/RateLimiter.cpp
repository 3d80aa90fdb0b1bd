#include "service/RateLimiter.h"

#include <limits>

#include "crypto/Base64Url.h"
#include "service/IoThread.h"

namespace tessera::service {

Result<std::optional<std::chrono::seconds>> RateLimiter::acquire(std::string_view key,
                                                                 domain::Timestamp now) {
    noteBlockingWork("a rate limit");
    auto digest = crypto::hexEncode(keyedHash_(kind_ + "\n" + std::string(key)));
    // Counting goes on past the limit (no lockout); the window decides when it starts again.
    auto counted =
        store_.countAttempt({kind_, digest, now, window_, std::numeric_limits<std::int64_t>::max(),
                             std::chrono::seconds(0)});
    TESSERA_TRY(counted);
    if (counted->count <= limit_) return std::nullopt;
    return std::max(std::chrono::seconds(1), counted->since + window_ - now);
}

}  // namespace tessera::service
