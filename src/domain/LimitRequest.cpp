#include "domain/LimitRequest.h"

namespace tessera::domain {

std::string_view limitRequestStateName(LimitRequestState state) {
    switch (state) {
        case LimitRequestState::Pending:
            return "pending";
        case LimitRequestState::Approved:
            return "approved";
        case LimitRequestState::Denied:
            return "denied";
    }
    return "pending";
}

std::optional<LimitRequestState> parseLimitRequestState(std::string_view name) {
    if (name == "pending") return LimitRequestState::Pending;
    if (name == "approved") return LimitRequestState::Approved;
    if (name == "denied") return LimitRequestState::Denied;
    return std::nullopt;
}

}  // namespace tessera::domain
