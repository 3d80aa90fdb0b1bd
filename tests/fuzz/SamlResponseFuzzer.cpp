// SAML responses (JWT-4): whatever an identity provider, or anyone posting to the ACS, sends.
// The XML is checked for DOCTYPEs, IDs and signature references, and its signature verified
// against the checked-in test certificate, before anything is read from it.
#include <fstream>
#include <sstream>

#include "FuzzInput.h"
#include "crypto/Base64Url.h"
#include "crypto/SamlXml.h"

using namespace tessera;

namespace {

std::string standardBase64(std::string_view bytes) {
    auto text = crypto::base64UrlEncode(bytes);
    for (auto& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (text.size() % 4) text += '=';
    return text;
}

std::string certificate() {
    std::ifstream in(TESSERA_FUZZ_DIR "/saml/signing-cert.pem");
    std::stringstream text;
    text << in.rdbuf();
    fuzz::require(!text.str().empty());
    return text.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    static const std::string pem = certificate();
    auto xml = fuzz::asText(data, size);
    (void)crypto::readSignedSamlResponse(standardBase64(xml), pem);
    (void)crypto::readSignedSamlResponse(xml, pem);  // not base64 at all
    return 0;
}
