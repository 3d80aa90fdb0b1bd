#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/Timestamp.h"

namespace tessera::domain {

enum class LimitRequestState { Pending, Approved, Denied };

std::string_view limitRequestStateName(LimitRequestState state);
std::optional<LimitRequestState> parseLimitRequestState(std::string_view name);

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
