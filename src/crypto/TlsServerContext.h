#pragma once

#include <cstdint>
#include <string>

#include "domain/Error.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX: the http layer's asio::ssl::context holds one

namespace tessera::crypto {

// What a loaded certificate says of itself, for the log and /metrics. Nothing secret.
struct TlsCertificateInfo {
    std::string subject;
    std::int64_t notAfter = 0;  // the leaf certificate's, seconds since the epoch
};

// Sets up `context` as a TLS server: TLS 1.2 and 1.3 only, forward-secret AEAD cipher suites
// (Mozilla's "intermediate" profile), no renegotiation, compression or session tickets; and
// installs the PEM
// certificate chain (the leaf first) and private key read from the two files, after checking
// that they belong together. Fails with a message that names the file and what is wrong, never
// the key's content. An encrypted key is refused rather than prompted for.
Result<TlsCertificateInfo> configureTlsServer(ssl_ctx_st* context,
                                              const std::string& certificateFile,
                                              const std::string& keyFile);

}  // namespace tessera::crypto
