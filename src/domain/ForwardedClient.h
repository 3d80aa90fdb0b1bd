#pragma once

#include <string_view>
#include <vector>

#include "domain/IpNetwork.h"

namespace tessera::domain {

// Which header a trusted proxy writes the client's address to. Only one is read: a proxy that
// appends to one passes the other through from the client unchanged, and reading both would let
// a client name its own address (as Keycloak's `proxy-headers` chooses one).
enum class ForwardedHeader { XForwardedFor, Forwarded };

struct TrustedProxies {
    std::vector<IpNetwork> networks;  // none: no peer is trusted and forwarded headers are ignored
    ForwardedHeader header = ForwardedHeader::XForwardedFor;

    bool trusts(const IpAddress& peer) const { return anyContains(networks, peer); }
};

// The address a request came from, as login throttling, `lastUsedIp`, audit events, rate limits
// and PAT-12 see it: the peer's, unless the peer is a trusted proxy. Then the forwarded hops
// (the header's values in order, joined by commas) are read from the right, the hop nearest
// Tessera first, and the first that is not itself a trusted proxy is the client. Everything to
// its left is what the client claimed and is ignored. A hop that cannot be read ends the walk:
// the proxy that reported it is the client as far as Tessera can tell.
IpAddress forwardedClient(const IpAddress& peer, std::string_view hops,
                          const TrustedProxies& proxies);

}  // namespace tessera::domain
