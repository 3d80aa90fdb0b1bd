#include "domain/ForwardedClient.h"

#include <optional>

namespace tessera::domain {
namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

// A node as X-Forwarded-For or Forwarded's `for=` writes it: an address, "[v6]" or "[v6]:port",
// or "v4:port" (RFC 7239 section 6).
std::optional<IpAddress> nodeAddress(std::string_view node) {
    if (node.size() >= 2 && node.front() == '"' && node.back() == '"') {
        node = node.substr(1, node.size() - 2);
    }
    if (node.starts_with('[')) {
        auto close = node.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        auto rest = node.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
        return parseIpAddress(node.substr(1, close - 1));  // IPv6, or IPv4-mapped IPv6
    }
    if (auto address = parseIpAddress(node)) return address;
    auto colon = node.find(':');
    if (colon != std::string_view::npos && node.find(':', colon + 1) == std::string_view::npos) {
        auto address = parseIpAddress(node.substr(0, colon));
        if (address && address->isV4()) return address;
    }
    return std::nullopt;
}

// The `for=` parameter of one Forwarded element ("for=192.0.2.60;proto=http;by=...").
std::string_view forParameter(std::string_view element) {
    while (!element.empty()) {
        auto semicolon = element.find(';');
        auto pair = trimmed(element.substr(0, semicolon));
        auto equals = pair.find('=');
        if (equals != std::string_view::npos &&
            equalsIgnoringCase(trimmed(pair.substr(0, equals)), "for")) {
            return trimmed(pair.substr(equals + 1));
        }
        if (semicolon == std::string_view::npos) break;
        element.remove_prefix(semicolon + 1);
    }
    return {};
}

}  // namespace

IpAddress forwardedClient(const IpAddress& peer, std::string_view hops,
                          const TrustedProxies& proxies) {
    IpAddress client = peer;
    if (!proxies.trusts(peer)) return client;
    while (!hops.empty()) {
        auto comma = hops.rfind(',');
        auto hop = trimmed(comma == std::string_view::npos ? hops : hops.substr(comma + 1));
        hops = comma == std::string_view::npos ? std::string_view() : hops.substr(0, comma);
        if (hop.empty()) continue;  // "a, , b": an empty list element (RFC 9110 section 5.6.1)
        auto address =
            nodeAddress(proxies.header == ForwardedHeader::Forwarded ? forParameter(hop) : hop);
        if (!address) return client;
        client = *address;
        if (!proxies.trusts(client)) return client;
    }
    return client;
}

}  // namespace tessera::domain
