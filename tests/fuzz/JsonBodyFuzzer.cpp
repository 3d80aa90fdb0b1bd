// The strict JSON body reader (docs/api.md, errors): any body, under either media type, is parsed
// or refused with an error naming what is wrong; every typed read of an opened object answers, and
// so does a read of declared fields.
#include "FuzzInput.h"
#include "http/JsonBody.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto text = fuzz::asText(data, size);
    http::HttpRequest request;
    request.method = "POST";
    request.path = "/auth/fuzz";
    request.body = text;
    for (std::string_view type :
         {"application/json", "application/json; charset=utf-8", "text/plain"}) {
        request.contentType = type;
        (void)http::parseJsonStrict(request);
        (void)http::parseJsonString(request);
    }
    request.contentType = "application/json";
    using http::JsonType;
    auto fields = http::readJsonObject(
        request,
        {http::requiredField("name"), http::optionalField("permissions", JsonType::Strings),
         http::optionalField("expiresAt", JsonType::Timestamp),
         http::optionalField("limit", JsonType::Integer),
         http::optionalField("enabled", JsonType::Bool), http::refusedField("tenants", "refused")});
    if (fields) {
        (void)fields->string("name");
        (void)fields->optionalStrings("permissions");
        (void)fields->optionalTimestamp("expiresAt");
    } else {
        fuzz::require(!fields.error().message.empty());
    }
    auto reader = http::JsonObjectReader::open(
        request, {"name", "permissions", "tenants", "expiresAt", "limit", "enabled"});
    if (!reader) {
        fuzz::require(!reader.error().message.empty());
        return 0;
    }
    (void)reader->requiredString("name");
    (void)reader->optionalString("name");
    (void)reader->requiredStrings("permissions");
    (void)reader->optionalStrings("tenants");
    (void)reader->optionalTimestamp("expiresAt");
    (void)reader->requiredInteger("limit");
    (void)reader->optionalBool("enabled");
    return 0;
}
