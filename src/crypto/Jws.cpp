#include "crypto/Jws.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "crypto/Base64Url.h"

namespace tessera::crypto {
namespace {

std::string asString(const std::vector<std::uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace

std::optional<JwsSections> splitJws(std::string_view token) {
    auto first = token.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    auto second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    return JwsSections{token.substr(0, first), token.substr(first + 1, second - first - 1),
                       token.substr(second + 1), token.substr(0, second)};
}

std::string signJws(const Es256Key& key, std::string_view payloadJson) {
    std::string input =
        base64UrlEncode(R"({"alg":"ES256","typ":"JWT","kid":")" + key.kid() + "\"}");
    input += '.';
    input += base64UrlEncode(payloadJson);
    auto signature = key.sign(input);
    if (!signature) throw std::runtime_error(signature.error().message);
    input += '.';
    input += base64UrlEncode(*signature);
    return input;
}

std::expected<JwsParts, JwsError> decodeJws(std::string_view token) {
    auto parts = splitJws(token);
    if (!parts) return std::unexpected(JwsError::Malformed);
    auto header = base64UrlDecode(parts->header);
    auto payload = base64UrlDecode(parts->payload);
    if (!header || !payload) return std::unexpected(JwsError::Malformed);
    boost::system::error_code ec;
    auto headerJson = boost::json::parse(asString(*header), ec);
    if (ec || !headerJson.is_object()) return std::unexpected(JwsError::Malformed);
    const auto& object = headerJson.as_object();
    auto alg = object.if_contains("alg");
    if (!alg || !alg->is_string() || alg->as_string() != "ES256") {
        return std::unexpected(JwsError::WrongAlgorithm);
    }
    JwsParts out;
    if (auto kid = object.if_contains("kid"); kid && kid->is_string()) out.kid = kid->as_string();
    out.payloadJson = asString(*payload);
    return out;
}

std::expected<std::string, JwsError> verifyJws(std::string_view token, const Es256Key& key) {
    auto decoded = decodeJws(token);
    TESSERA_TRY(decoded);
    if (decoded->kid != key.kid()) return std::unexpected(JwsError::UnknownKey);
    auto parts = splitJws(token);
    auto signature = base64UrlDecode(parts->signature);
    if (!signature) return std::unexpected(JwsError::Malformed);
    auto signingInput = token.substr(0, parts->header.size() + 1 + parts->payload.size());
    // A high-S twin of a valid signature is refused: one token, one string.
    auto raw = asString(*signature);
    if (!Es256Key::isLowS(raw) || !key.verify(signingInput, raw)) {
        return std::unexpected(JwsError::BadSignature);
    }
    return std::move(decoded->payloadJson);
}

}  // namespace tessera::crypto
