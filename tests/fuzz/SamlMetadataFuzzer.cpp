// SAML identity-provider metadata fetched at registration, and certificates pasted by an
// administrator (PEM or bare base64 DER).
#include "FuzzInput.h"
#include "crypto/SamlXml.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto text = fuzz::asText(data, size);
    if (auto metadata = crypto::parseSamlIdpMetadata(text))
        fuzz::require(crypto::normalizeCertificate(metadata->certificatePem).has_value());
    if (auto pem = crypto::normalizeCertificate(text)) {
        auto again = crypto::normalizeCertificate(*pem);
        fuzz::require(again && *again == *pem);
    }
    return 0;
}
