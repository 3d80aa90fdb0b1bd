// Query strings and application/x-www-form-urlencoded bodies (the token endpoint's grants).
#include "FuzzInput.h"
#include "http/Query.h"
#include "service/PercentEncoding.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto text = fuzz::asText(data, size);
    if (auto fields = http::parseQueryString(text)) {
        for (const auto& [name, value] : *fields) (void)http::queryValue(*fields, name);
    }
    http::HttpRequest request;
    request.method = "POST";
    request.query = text;
    request.body = text;
    request.contentType = "application/x-www-form-urlencoded";
    (void)http::parseFormBody(request);
    (void)http::queryFlag(request, "includeDeleted");
    // What we encode, we decode back unchanged.
    auto encoded = "v=" + service::percentEncode(text);
    auto decoded = http::parseQueryString(encoded);
    fuzz::require(decoded && decoded->size() == 1 && (*decoded)[0].second == text);
    return 0;
}
