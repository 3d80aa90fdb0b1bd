#include <gtest/gtest.h>

#include "domain/ForwardedClient.h"

namespace tessera::domain {
namespace {

IpAddress address(std::string_view text) {
    return parseIpAddress(text).value();
}

TrustedProxies trusting(std::vector<std::string> networks, ForwardedHeader header) {
    return TrustedProxies{parseIpNetworks(networks).value(), header};
}

// PAT-12: the client address is the peer's, or the forwarded one when the peer is a trusted
// proxy; also the address of login throttling (JWT-2), lastUsedIp (PAT-1) and audit (AUD-1).
TEST(ForwardedClient, PAT12_TakesTheRightMostUntrustedHopFromATrustedPeerOnly) {
    auto xff = ForwardedHeader::XForwardedFor;
    auto rfc7239 = ForwardedHeader::Forwarded;
    struct Case {
        const char* name;
        const char* peer;
        const char* hops;
        ForwardedHeader header;
        const char* client;
    };
    for (const auto& c : std::vector<Case>{
             {"untrusted peer: the header is ignored", "203.0.113.5", "198.51.100.1", xff,
              "203.0.113.5"},
             {"trusted peer, no header", "10.0.0.2", "", xff, "10.0.0.2"},
             {"trusted peer forwards its client", "10.0.0.2", "198.51.100.1", xff, "198.51.100.1"},
             {"a client's own claim left of the real hop is ignored", "10.0.0.2",
              "1.1.1.1, 198.51.100.1", xff, "198.51.100.1"},
             {"chained trusted proxies are skipped", "10.0.0.2", "198.51.100.1, 10.0.0.9", xff,
              "198.51.100.1"},
             {"all hops trusted: the left-most", "10.0.0.2", "10.0.0.7, 10.0.0.9", xff, "10.0.0.7"},
             {"an unreadable hop stops at the proxy that reported it", "10.0.0.2",
              "198.51.100.1, garbage", xff, "10.0.0.2"},
             {"empty elements are skipped", "10.0.0.2", "198.51.100.1, ,", xff, "198.51.100.1"},
             {"IPv4 with a port", "10.0.0.2", "198.51.100.1:4711", xff, "198.51.100.1"},
             {"bracketed IPv6 with a port", "10.0.0.2", "[2001:db8::17]:4711", xff, "2001:db8::17"},
             {"bare IPv6", "10.0.0.2", "2001:db8::17", xff, "2001:db8::17"},
             {"bracketed IPv4-mapped IPv6", "10.0.0.2", "[::ffff:198.51.100.1]:80", xff,
              "198.51.100.1"},
             {"IPv4-mapped peer is trusted as IPv4", "::ffff:10.0.0.2", "198.51.100.1", xff,
              "198.51.100.1"},
             {"Forwarded: for= of the right-most element", "10.0.0.2",
              "for=1.1.1.1, for=198.51.100.1;proto=https;by=10.0.0.2", rfc7239, "198.51.100.1"},
             {"Forwarded: quoted IPv6 with a port", "10.0.0.2", "for=\"[2001:db8:cafe::17]:4711\"",
              rfc7239, "2001:db8:cafe::17"},
             {"Forwarded: parameter names ignore case", "10.0.0.2", "proto=http;For=198.51.100.1",
              rfc7239, "198.51.100.1"},
             {"Forwarded: an obfuscated node stops the walk", "10.0.0.2", "for=_hidden", rfc7239,
              "10.0.0.2"},
             {"Forwarded: unknown stops the walk", "10.0.0.2", "for=unknown", rfc7239, "10.0.0.2"},
             {"reading Forwarded, an X-Forwarded-For shaped value is unreadable", "10.0.0.2",
              "198.51.100.1", rfc7239, "10.0.0.2"},
         }) {
        auto proxies = trusting({"10.0.0.0/8"}, c.header);
        EXPECT_EQ(forwardedClient(address(c.peer), c.hops, proxies).text(), c.client) << c.name;
    }
}

TEST(ForwardedClient, PAT12_NoTrustedProxiesMeansThePeerAlways) {
    TrustedProxies none;
    EXPECT_EQ(forwardedClient(address("127.0.0.1"), "198.51.100.1", none).text(), "127.0.0.1");
}

}  // namespace
}  // namespace tessera::domain
