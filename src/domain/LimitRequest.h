#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/NamedValues.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

enum class LimitRequestState { Pending, Approved, Denied };
constexpr NamedValues<LimitRequestState, 3> stableNames(LimitRequestState) {
    return {{{
        {LimitRequestState::Pending, "pending"},
        {LimitRequestState::Approved, "approved"},
        {LimitRequestState::Denied, "denied"},
    }}};
}

// PAT-6 extension: a person asks an operator for a higher PAT limit, with a reason.
struct LimitRequest {
    std::string locator;  // ULID
    std::string userLocator;
    std::string businessAccount;
    int requestedLimit = 0;
    std::string reason;
    LimitRequestState state = LimitRequestState::Pending;
    Timestamp createdAt{};
    std::optional<Timestamp> decidedAt;
    std::string decidedBy;
    std::string decisionNote;
};

}  // namespace tessera::domain
