#include "crypto/JwkSet.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json/parse.hpp>

#include "crypto/Base64Url.h"
#include "crypto/Es256Key.h"
#include "crypto/OpenSslHandles.h"

namespace tessera::crypto {

struct JwkSet::Key {
    std::string kid;
    std::string algorithm;  // RS256 or ES256, decided by the key type
    EvpPkeyPtr rsa;
    std::unique_ptr<Es256Key> ec;
};

namespace {

EvpPkeyPtr rsaFromModulus(std::string_view n, std::string_view e) {
    auto modulus = base64UrlDecode(n);
    auto exponent = base64UrlDecode(e);
    // 2048 bits at least: shorter RSA keys are not trusted.
    if (!modulus || !exponent || modulus->size() < 256 || exponent->empty()) return nullptr;
    BnPtr bn(BN_bin2bn(modulus->data(), int(modulus->size()), nullptr));
    BnPtr be(BN_bin2bn(exponent->data(), int(exponent->size()), nullptr));
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!bn || !be || !builder ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, be.get()) != 1) {
        return nullptr;
    }
    ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return nullptr;
    }
    return EvpPkeyPtr(raw);
}

bool verifyRs256(EVP_PKEY* key, std::string_view input, const std::vector<std::uint8_t>& sig) {
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    return context &&
           EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, key,
                                   nullptr) == 1 &&
           EVP_DigestVerify(context.get(), sig.data(), sig.size(),
                            reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
}

std::string text(const boost::json::object& object, const char* name) {
    auto found = object.if_contains(name);
    return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

}  // namespace

JwkSet::JwkSet() = default;
JwkSet::JwkSet(JwkSet&&) noexcept = default;
JwkSet& JwkSet::operator=(JwkSet&&) noexcept = default;
JwkSet::~JwkSet() = default;

Result<JwkSet> JwkSet::parse(std::string_view jwksJson) {
    boost::system::error_code ec;
    auto document = boost::json::parse(jwksJson, ec);
    auto* object = ec ? nullptr : document.if_object();
    auto* keys = object ? object->if_contains("keys") : nullptr;
    if (!keys || !keys->is_array()) return fail(ErrorCode::InvalidRequest, "not a JWKS document");
    JwkSet set;
    for (const auto& entry : keys->as_array()) {
        if (!entry.is_object()) continue;
        const auto& jwk = entry.as_object();
        auto use = text(jwk, "use");
        if (!use.empty() && use != "sig") continue;
        auto key = std::make_unique<Key>();
        key->kid = text(jwk, "kid");
        auto kty = text(jwk, "kty");
        if (kty == "RSA") {
            key->rsa = rsaFromModulus(text(jwk, "n"), text(jwk, "e"));
            if (!key->rsa) continue;
            key->algorithm = "RS256";
        } else if (kty == "EC" && text(jwk, "crv") == "P-256") {
            auto ecKey = Es256Key::fromPublicCoordinates(text(jwk, "x"), text(jwk, "y"));
            if (!ecKey) continue;
            key->ec = std::make_unique<Es256Key>(std::move(*ecKey));
            key->algorithm = "ES256";
        } else {
            continue;
        }
        // A key that names its algorithm must name the one its type implies.
        if (auto alg = text(jwk, "alg"); !alg.empty() && alg != key->algorithm) continue;
        set.keys_.push_back(std::move(key));
    }
    if (set.keys_.empty())
        return fail(ErrorCode::InvalidRequest, "the JWKS has no usable signing key");
    return set;
}

size_t JwkSet::size() const {
    return keys_.size();
}

bool JwkSet::hasKey(std::string_view kid) const {
    for (const auto& key : keys_) {
        if (key->kid == kid) return true;
    }
    return false;
}

std::expected<std::string, JwsError> JwkSet::verify(std::string_view token) const {
    auto sections = splitJws(token);
    if (!sections) return std::unexpected(JwsError::Malformed);
    auto header = base64UrlDecode(sections->header);
    auto payload = base64UrlDecode(sections->payload);
    auto signature = base64UrlDecode(sections->signature);
    if (!header || !payload || !signature) return std::unexpected(JwsError::Malformed);
    boost::system::error_code ec;
    auto parsed = boost::json::parse(std::string(header->begin(), header->end()), ec);
    if (ec || !parsed.is_object()) return std::unexpected(JwsError::Malformed);
    auto kid = text(parsed.as_object(), "kid");
    auto alg = text(parsed.as_object(), "alg");
    const Key* key = nullptr;
    for (const auto& candidate : keys_) {
        if (candidate->kid == kid || (kid.empty() && keys_.size() == 1)) key = candidate.get();
    }
    if (!key) return std::unexpected(JwsError::UnknownKey);
    if (alg != key->algorithm) return std::unexpected(JwsError::WrongAlgorithm);
    bool valid = key->rsa ? verifyRs256(key->rsa.get(), sections->signingInput, *signature)
                          : key->ec->verify(sections->signingInput,
                                            std::string(signature->begin(), signature->end()));
    if (!valid) return std::unexpected(JwsError::BadSignature);
    return std::string(payload->begin(), payload->end());
}

}  // namespace tessera::crypto
