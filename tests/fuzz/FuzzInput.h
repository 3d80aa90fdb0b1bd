#pragma once

// Shared by the libFuzzer targets: the input as text, split into fields, and a way to state an
// invariant (a broken one is a crash the fuzzer keeps).
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace tessera::fuzz {

inline std::string_view asText(const std::uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Fields separated by a byte the dictionaries also know (\x00), so one input drives several
// arguments of a parser.
inline std::vector<std::string_view> fields(std::string_view text, size_t count) {
    std::vector<std::string_view> out;
    while (out.size() + 1 < count) {
        auto at = text.find('\0');
        if (at == std::string_view::npos) break;
        out.push_back(text.substr(0, at));
        text.remove_prefix(at + 1);
    }
    out.push_back(text);
    out.resize(count);
    return out;
}

inline void require(bool holds) {
    if (!holds) std::abort();
}

}  // namespace tessera::fuzz
