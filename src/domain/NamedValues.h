#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace tessera::domain {

// The stable names of an enum's values, as clients and the store spell them: one table
// per enum, read both ways. The first entry is the fallback name of a value the table lacks.
template <class Value, std::size_t Count>
struct NamedValues {
    std::array<std::pair<Value, std::string_view>, Count> entries;

    constexpr std::string_view name(Value value) const {
        for (const auto& [candidate, text] : entries) {
            if (candidate == value) return text;
        }
        return entries.front().second;
    }
    constexpr std::optional<Value> parse(std::string_view text) const {
        for (const auto& [value, candidate] : entries) {
            if (candidate == text) return value;
        }
        return std::nullopt;
    }
    // Each of the enum's values 0 … Count - 1 is named exactly once (what a switch's
    // exhaustiveness warning gave).
    constexpr bool namesEachValueOnce() const {
        std::array<bool, Count> seen{};
        for (const auto& [value, text] : entries) {
            auto index = static_cast<std::size_t>(value);
            if (index >= Count || seen[index] || text.empty()) return false;
            seen[index] = true;
        }
        return true;
    }
};

// An enum with stable names declares its table beside it, in its namespace, as
// `constexpr NamedValues<Enum, N> stableNames(Enum)` (found by argument-dependent lookup);
// nameOf and parseName serve every such enum from that one table.
template <class Value>
inline constexpr auto kStableNames = stableNames(Value{});

template <class Value>
std::string_view nameOf(Value value) {
    static_assert(kStableNames<Value>.namesEachValueOnce());
    return kStableNames<Value>.name(value);
}

template <class Value>
std::optional<Value> parseName(std::string_view text) {
    static_assert(kStableNames<Value>.namesEachValueOnce());
    return kStableNames<Value>.parse(text);
}

}  // namespace tessera::domain
