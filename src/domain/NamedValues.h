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
    // For a static_assert beside the table: each of the enum's values 0 … Count - 1 is named
    // exactly once (what a switch's exhaustiveness warning gave).
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

}  // namespace tessera::domain
