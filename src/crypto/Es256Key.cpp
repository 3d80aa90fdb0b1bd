#include "crypto/Es256Key.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <array>
#include <cstring>

#include "crypto/Base64Url.h"
#include "crypto/KeyedHash.h"
#include "crypto/OpenSslHandles.h"

namespace tessera::crypto {

struct Es256Key::Impl {
    EvpPkeyPtr key;
    bool hasPrivate = false;
};

namespace {

bool coordinate(EVP_PKEY* key, const char* name, std::array<std::uint8_t, 32>& out) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return false;
    BnPtr value(raw);
    return BN_bn2binpad(value.get(), out.data(), int(out.size())) == int(out.size());
}

// The order n of P-256 and half of it, big-endian (SEC 2 section 2.4.2). A signature whose s is
// above n/2 is the "high-S" twin of the same signature with n - s.
constexpr std::array<std::uint8_t, 32> kOrder = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
constexpr std::array<std::uint8_t, 32> kHalfOrder = {
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8};

}  // namespace

bool Es256Key::isLowS(std::string_view signature) {
    if (signature.size() != 64) return false;
    return std::memcmp(signature.data() + 32, kHalfOrder.data(), kHalfOrder.size()) <= 0;
}

Es256Key::Es256Key(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
    std::array<std::uint8_t, 32> x{}, y{};
    if (!coordinate(impl_->key.get(), OSSL_PKEY_PARAM_EC_PUB_X, x) ||
        !coordinate(impl_->key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, y)) {
        throw std::runtime_error("cannot read the P-256 public key");
    }
    x_ = base64UrlEncode(x);
    y_ = base64UrlEncode(y);
    // RFC 7638: members in lexicographic order, no white space.
    auto thumbprint = sha256(R"({"crv":"P-256","kty":"EC","x":")" + x_ + R"(","y":")" + y_ + "\"}");
    kid_ = base64UrlEncode(thumbprint);
}

Es256Key::Es256Key(Es256Key&&) noexcept = default;
Es256Key& Es256Key::operator=(Es256Key&&) noexcept = default;
Es256Key::~Es256Key() = default;

Result<Es256Key> Es256Key::generate() {
    EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) return fail(ErrorCode::Internal, "P-256 key generation failed");
    auto impl = std::make_unique<Impl>();
    impl->key = std::move(key);
    impl->hasPrivate = true;
    return Es256Key(std::move(impl));
}

Result<Es256Key> Es256Key::fromPrivatePem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || !EVP_PKEY_is_a(key.get(), "EC")) {
        return fail(ErrorCode::Internal, "the signing key file does not hold an EC private key");
    }
    char group[32] = {};
    size_t groupLength = 0;
    if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &groupLength) != 1 ||
        std::string_view(group) != "prime256v1") {
        return fail(ErrorCode::Internal, "the signing key is not a P-256 key");
    }
    auto impl = std::make_unique<Impl>();
    impl->key = std::move(key);
    impl->hasPrivate = true;
    return Es256Key(std::move(impl));
}

Result<Es256Key> Es256Key::fromPublicCoordinates(std::string_view x, std::string_view y) {
    auto xs = base64UrlDecode(x);
    auto ys = base64UrlDecode(y);
    if (!xs || !ys || xs->size() != 32 || ys->size() != 32) {
        return fail(ErrorCode::InvalidRequest, "a P-256 coordinate must be 32 bytes");
    }
    std::vector<std::uint8_t> point{0x04};
    point.insert(point.end(), xs->begin(), xs->end());
    point.insert(point.end(), ys->begin(), ys->end());
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                     point.size());
    ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return fail(ErrorCode::InvalidRequest, "the point is not on P-256");
    }
    auto impl = std::make_unique<Impl>();
    impl->key.reset(raw);
    return Es256Key(std::move(impl));
}

std::string Es256Key::privatePem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!impl_->hasPrivate || PEM_write_bio_PrivateKey(bio.get(), impl_->key.get(), nullptr,
                                                       nullptr, 0, nullptr, nullptr) != 1) {
        return {};
    }
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(length));
}

std::string Es256Key::publicJwkJson() const {
    return R"({"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":")" + kid_ + R"(","x":")" +
           x_ + R"(","y":")" + y_ + "\"}";
}

Result<std::string> Es256Key::sign(std::string_view data) const {
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    size_t derLength = 0;
    if (!impl_->hasPrivate || !context ||
        EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, impl_->key.get(),
                              nullptr) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &derLength,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
        return fail(ErrorCode::Internal, "ES256 signing failed");
    }
    std::vector<unsigned char> der(derLength);
    if (EVP_DigestSign(context.get(), der.data(), &derLength,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
        return fail(ErrorCode::Internal, "ES256 signing failed");
    }
    const unsigned char* cursor = der.data();
    EcdsaSigPtr signature(d2i_ECDSA_SIG(nullptr, &cursor, long(derLength)));
    if (!signature) return fail(ErrorCode::Internal, "ES256 signature decoding failed");
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(signature.get(), &r, &s);
    std::string raw(64, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(r, out, 32) != 32 || BN_bn2binpad(s, out + 32, 32) != 32) {
        return fail(ErrorCode::Internal, "ES256 signature encoding failed");
    }
    if (!isLowS(raw)) {
        // OpenSSL does not normalise: use n - s, so that each token has one valid form.
        BnPtr order(BN_bin2bn(kOrder.data(), int(kOrder.size()), nullptr));
        BnPtr low(BN_new());
        if (!order || !low || BN_sub(low.get(), order.get(), s) != 1 ||
            BN_bn2binpad(low.get(), out + 32, 32) != 32) {
            return fail(ErrorCode::Internal, "ES256 signature normalisation failed");
        }
    }
    return raw;
}

bool Es256Key::verify(std::string_view data, std::string_view signature) const {
    if (signature.size() != 64) return false;
    const auto* raw = reinterpret_cast<const unsigned char*>(signature.data());
    EcdsaSigPtr parsed(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw, 32, nullptr);
    BIGNUM* s = BN_bin2bn(raw + 32, 32, nullptr);
    if (!parsed || !r || !s || ECDSA_SIG_set0(parsed.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    unsigned char* der = nullptr;
    int derLength = i2d_ECDSA_SIG(parsed.get(), &der);
    if (derLength <= 0) return false;
    std::unique_ptr<unsigned char, decltype([](unsigned char* p) { OPENSSL_free(p); })> derOwner(
        der);
    EvpMdCtxPtr context(EVP_MD_CTX_new());
    return context &&
           EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr,
                                   impl_->key.get(), nullptr) == 1 &&
           EVP_DigestVerify(context.get(), der, size_t(derLength),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

}  // namespace tessera::crypto
