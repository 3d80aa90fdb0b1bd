// An identity provider's JWKS (RFC 7517) and the ID tokens verified with it (RS256, ES256).
#include "FuzzInput.h"
#include "crypto/JwkSet.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto parts = fuzz::fields(fuzz::asText(data, size), 2);
    auto keys = crypto::JwkSet::parse(parts[0]);
    if (!keys) return 0;
    fuzz::require(keys->size() > 0);
    (void)keys->hasKey("k1");
    (void)keys->verify(parts[1]);
    return 0;
}
