// PAT-10: the format check every bearer value meets first, and the encodings behind it.
#include "FuzzInput.h"
#include "crypto/Base62.h"
#include "crypto/Base64Url.h"
#include "crypto/PatFormat.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto text = fuzz::asText(data, size);
    if (crypto::hasPatFormat(text)) {
        fuzz::require(text.size() == crypto::kPatLength);
        fuzz::require(text.starts_with(crypto::kPatPrefix));
    }
    auto encoded = crypto::base64UrlEncode(text);
    auto decoded = crypto::base64UrlDecode(encoded);
    fuzz::require(decoded && std::string_view(reinterpret_cast<const char*>(decoded->data()),
                                              decoded->size()) == text);
    (void)crypto::base64UrlDecode(text);
    if (auto value = crypto::decodeBase62(text))
        fuzz::require(crypto::decodeBase62(crypto::encodeBase62(*value, text.size())) == value);
    return 0;
}
