#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/Error.h"

namespace tessera::domain {

// An IPv4 or IPv6 address. IPv4 is held in its IPv4-mapped IPv6 form (::ffff:a.b.c.d, RFC 4291
// section 2.5.5.2), so that a peer of a dual-stack listener compares like the same peer over
// IPv4.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};

    bool isV4() const;
    // Dotted quad for IPv4 (also for an IPv4-mapped IPv6 address), RFC 5952 text for IPv6.
    std::string text() const;
    friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// A literal address, without brackets, port or zone.
std::optional<IpAddress> parseIpAddress(std::string_view text);

// The address a request came from: its text, as logged and stored (PAT-1 `lastUsedIp`), and the
// address itself when it is one. The server has both at hand; from text alone it is parsed.
struct ClientAddress {
    std::string_view text;
    std::optional<IpAddress> address;

    ClientAddress() = default;
    ClientAddress(std::string_view text, std::optional<IpAddress> address)
        : text(text), address(address) {}
    ClientAddress(std::string_view text) : text(text), address(parseIpAddress(text)) {}
    ClientAddress(const char* text) : ClientAddress(std::string_view(text)) {}
    ClientAddress(const std::string& text) : ClientAddress(std::string_view(text)) {}
};

// PAT-12: an IPv4 or IPv6 CIDR block.
struct IpNetwork {
    IpAddress base;  // the bits beyond the prefix are zero
    int prefix = 0;  // of the 128-bit form: an IPv4 /n is 96 + n

    bool contains(const IpAddress& address) const;
    // Every address of this network is in `outer` (PAT-3: narrowing).
    bool within(const IpNetwork& outer) const;
    // "10.0.0.0/8", "2001:db8::/32": the form stored and shown.
    std::string text() const;
    friend bool operator==(const IpNetwork&, const IpNetwork&) = default;
};

inline constexpr std::size_t kMaxAllowedNetworks = 32;

// "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128). Bits set beyond the prefix
// are refused rather than cleared: "10.1.2.3/8" is more likely a typo than a wish for all of
// 10.0.0.0/8.
Result<IpNetwork> parseIpNetwork(std::string_view text);

// PAT-12: a token's allowed networks (or another list of networks, named `field` in the
// message); a 400 names each entry that is not a CIDR block.
Result<std::vector<IpNetwork>> parseIpNetworks(const std::vector<std::string>& texts,
                                               std::string_view field = "allowedNetworks");

// Each network's text(), in order.
std::vector<std::string> networkTexts(const std::vector<IpNetwork>& networks);

// Whether `address` is in one of `networks`; false for none.
bool anyContains(const std::vector<IpNetwork>& networks, const IpAddress& address);

// PAT-3 for networks: the networks a token made with a token may have. A parent without networks
// allows any; otherwise every requested network must lie within one of the parent's, and a child
// that asks for none gets the parent's. A 400 names each requested network outside them.
Result<std::vector<IpNetwork>> narrowNetworks(const std::vector<IpNetwork>& requested,
                                              const std::vector<IpNetwork>& parent);

}  // namespace tessera::domain
