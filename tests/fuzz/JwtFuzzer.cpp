// JWS/JWT (RFC 7515, RFC 7519): a bearer value as a client sends it; a token whose header,
// payload and signature sections are the input's fields; and a payload that a valid signature
// carries into the claims checks (JWT-1, JWT-2).
#include <memory>

#include "FuzzInput.h"
#include "crypto/Base64Url.h"
#include "crypto/Es256Key.h"
#include "crypto/Jws.h"
#include "crypto/KeyedHash.h"
#include "domain/Catalogue.h"
#include "service/Authenticator.h"
#include "service/Directory.h"
#include "service/SigningKeys.h"

using namespace tessera;

namespace {

class FixedClock final : public service::Clock {
  public:
    domain::Timestamp now() const override {
        return domain::Timestamp{std::chrono::seconds{1'800'000'000}};
    }
};

struct World {
    std::shared_ptr<const crypto::Es256Key> key =
        std::make_shared<const crypto::Es256Key>(crypto::Es256Key::generate().value());
    service::Directory directory{domain::Catalogue::defaults()};
    crypto::KeyedHash keyedHash{std::vector<std::uint8_t>(32, 7)};
    service::SigningKeys signingKeys{key};
    FixedClock clock;
    service::Authenticator authenticator{directory, keyedHash, signingKeys, clock,
                                         "http://127.0.0.1:8080"};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    static World world;
    auto text = fuzz::asText(data, size);
    (void)world.authenticator.authenticate(text, "127.0.0.1");
    (void)world.authenticator.authenticateBearer(text, "127.0.0.1");

    auto parts = fuzz::fields(text, 3);
    auto token = crypto::base64UrlEncode(parts[0]) + "." + crypto::base64UrlEncode(parts[1]) + "." +
                 crypto::base64UrlEncode(parts[2]);
    (void)crypto::decodeJws(token);
    // Nobody forges ES256 without the key.
    fuzz::require(!crypto::verifyJws(token, *world.key).has_value());

    auto signedToken = crypto::signJws(*world.key, text);
    auto verified = crypto::verifyJws(signedToken, *world.key);
    fuzz::require(verified && *verified == text);
    (void)world.authenticator.inspect(signedToken);
    return 0;
}
