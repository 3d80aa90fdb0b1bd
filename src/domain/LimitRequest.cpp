#include "domain/LimitRequest.h"

#include "domain/NamedValues.h"

namespace tessera::domain {
namespace {

constexpr NamedValues<LimitRequestState, 3> kStates{{{
    {LimitRequestState::Pending, "pending"},
    {LimitRequestState::Approved, "approved"},
    {LimitRequestState::Denied, "denied"},
}}};
static_assert(kStates.namesEachValueOnce());

}  // namespace

std::string_view limitRequestStateName(LimitRequestState state) {
    return kStates.name(state);
}

std::optional<LimitRequestState> parseLimitRequestState(std::string_view name) {
    return kStates.parse(name);
}

}  // namespace tessera::domain
