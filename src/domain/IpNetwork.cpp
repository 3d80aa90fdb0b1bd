#include "domain/IpNetwork.h"

#include <arpa/inet.h>

#include <bit>
#include <charconv>
#include <cstring>

namespace tessera::domain {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool hasV4MappedPrefix(const IpAddress& address) {
    return std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), address.bytes.begin());
}

// `address` with every bit beyond the first `prefix` cleared.
IpAddress masked(IpAddress address, int prefix) {
    for (int bit = prefix; bit < 128; ++bit) {
        address.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
    }
    return address;
}

}  // namespace

bool IpAddress::isV4() const {
    return hasV4MappedPrefix(*this);
}

std::string IpAddress::text() const {
    char out[INET6_ADDRSTRLEN] = {};
    if (isV4()) {
        inet_ntop(AF_INET, bytes.data() + 12, out, sizeof out);
    } else {
        inet_ntop(AF_INET6, bytes.data(), out, sizeof out);
    }
    return out;
}

std::optional<IpAddress> parseIpAddress(std::string_view text) {
    // inet_pton needs a terminated string; no literal address is longer than this.
    char terminated[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof terminated ||
        text.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    text.copy(terminated, text.size());
    terminated[text.size()] = '\0';
    IpAddress address;
    if (inet_pton(AF_INET, terminated, address.bytes.data() + 12) == 1) {
        std::copy(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), address.bytes.begin());
        return address;
    }
    if (inet_pton(AF_INET6, terminated, address.bytes.data()) == 1) return address;
    return std::nullopt;
}

bool IpNetwork::contains(const IpAddress& address) const {
    // On the hot path for a network-bound token (PAT-12): two masked 64-bit compares.
    auto halves = [](const IpAddress& a) {
        std::array<std::uint64_t, 2> words;
        std::memcpy(words.data(), a.bytes.data(), sizeof words);
        if constexpr (std::endian::native == std::endian::little) {
            words[0] = std::byteswap(words[0]);
            words[1] = std::byteswap(words[1]);
        }
        return words;
    };
    auto mask = [](int bits) { return bits <= 0 ? 0 : bits >= 64 ? ~0ULL : ~0ULL << (64 - bits); };
    auto a = halves(address);
    auto b = halves(base);
    return ((a[0] ^ b[0]) & mask(prefix)) == 0 && ((a[1] ^ b[1]) & mask(prefix - 64)) == 0;
}

bool IpNetwork::within(const IpNetwork& outer) const {
    return prefix >= outer.prefix && outer.contains(base);
}

std::string IpNetwork::text() const {
    bool v4 = base.isV4() && prefix >= 96;
    return base.text() + "/" + std::to_string(v4 ? prefix - 96 : prefix);
}

Result<IpNetwork> parseIpNetwork(std::string_view text) {
    auto slash = text.find('/');
    auto address = parseIpAddress(text.substr(0, slash));
    if (!address) {
        return fail(ErrorCode::InvalidRequest,
                    "'" + std::string(text) +
                        "' is not an IPv4 or IPv6 network (write it as 10.0.0.0/8 or "
                        "2001:db8::/32)",
                    {std::string(text)});
    }
    // An IPv4 block is written with an IPv4 prefix; the IPv4-mapped form of an IPv6 literal
    // such as ::ffff:10.0.0.0 counts as IPv6 text.
    bool v4Text = address->isV4() && text.substr(0, slash).find(':') == std::string_view::npos;
    int maximum = v4Text ? 32 : 128;
    int length = maximum;
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
            length < 0 || length > maximum || digits.front() == '+') {
            return fail(ErrorCode::InvalidRequest,
                        "'" + std::string(text) + "' has no valid prefix length (0 to " +
                            std::to_string(maximum) + ")",
                        {std::string(text)});
        }
    }
    IpNetwork network{*address, v4Text ? 96 + length : length};
    IpNetwork cleared{masked(network.base, network.prefix), network.prefix};
    if (cleared != network) {
        return fail(ErrorCode::InvalidRequest,
                    "'" + std::string(text) + "' has bits set beyond its prefix; did you mean " +
                        cleared.text() + "?",
                    {std::string(text)});
    }
    return network;
}

Result<std::vector<IpNetwork>> parseIpNetworks(const std::vector<std::string>& texts,
                                               std::string_view field) {
    if (texts.size() > kMaxAllowedNetworks) {
        return fail(ErrorCode::InvalidRequest, std::string(field) + " may list at most " +
                                                   std::to_string(kMaxAllowedNetworks) +
                                                   " networks");
    }
    std::vector<IpNetwork> networks;
    std::vector<std::string> offending;
    std::string reasons;
    for (const auto& text : texts) {
        auto network = parseIpNetwork(text);
        if (!network) {
            offending.push_back(text);
            if (!reasons.empty()) reasons += "; ";
            reasons += network.error().message;
            continue;
        }
        networks.push_back(*network);
    }
    if (!offending.empty()) {
        return fail(ErrorCode::InvalidRequest, std::string(field) + ": " + reasons,
                    std::move(offending));
    }
    return networks;
}

std::vector<std::string> networkTexts(const std::vector<IpNetwork>& networks) {
    std::vector<std::string> texts;
    texts.reserve(networks.size());
    for (const auto& network : networks) texts.push_back(network.text());
    return texts;
}

bool anyContains(const std::vector<IpNetwork>& networks, const IpAddress& address) {
    for (const auto& network : networks) {
        if (network.contains(address)) return true;
    }
    return false;
}

Result<std::vector<IpNetwork>> narrowNetworks(const std::vector<IpNetwork>& requested,
                                              const std::vector<IpNetwork>& parent) {
    if (parent.empty()) return requested;
    if (requested.empty()) return parent;
    std::vector<std::string> outside;
    for (const auto& network : requested) {
        bool inside = false;
        for (const auto& allowed : parent) inside = inside || network.within(allowed);
        if (!inside) outside.push_back(network.text());
    }
    if (!outside.empty()) {
        std::string list;
        for (const auto& text : outside) list += (list.empty() ? "" : ", ") + text;
        return fail(ErrorCode::InvalidRequest,
                    "a token made with a token may only narrow its allowed networks; not within "
                    "the calling token's: " +
                        list,
                    std::move(outside));
    }
    return requested;
}

}  // namespace tessera::domain
