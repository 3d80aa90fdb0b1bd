#include "crypto/TlsServerContext.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "crypto/OpenSslHandles.h"

namespace tessera::crypto {
namespace {

using X509Ptr = UniqueHandle<X509, X509_free>;

// Mozilla's "intermediate" TLS 1.2 suites; TLS 1.3's own suites are all AEAD and stay default.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::unexpected<Error> refused(std::string message) {
    ERR_clear_error();
    return std::unexpected(Error{ErrorCode::InvalidRequest, std::move(message)});
}

Result<std::string> readFile(const std::string& path, std::string_view option) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return refused("cannot read " + std::string(option) + " " + path + ": " +
                       std::strerror(errno));
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

BioPtr memoryBio(const std::string& text) {
    return BioPtr(BIO_new_mem_buf(text.data(), int(text.size())));
}

// No passphrase prompt on the terminal for an encrypted key: it simply does not load.
int noPassphrase(char*, int, int, void*) {
    return 0;
}

std::string subjectOf(X509* certificate) {
    char line[512] = {};
    X509_NAME_oneline(X509_get_subject_name(certificate), line, sizeof line);
    return line;
}

std::int64_t notAfterOf(X509* certificate) {
    std::tm time{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(certificate), &time) != 1) return 0;
    return std::int64_t(timegm(&time));
}

}  // namespace

Result<TlsCertificateInfo> configureTlsServer(ssl_ctx_st* context,
                                              const std::string& certificateFile,
                                              const std::string& keyFile) {
    auto chainPem = readFile(certificateFile, "--tls-cert-file");
    TESSERA_TRY(chainPem);
    auto keyPem = readFile(keyFile, "--tls-key-file");
    TESSERA_TRY(keyPem);

    auto chainBio = memoryBio(*chainPem);
    X509Ptr leaf(PEM_read_bio_X509(chainBio.get(), nullptr, noPassphrase, nullptr));
    if (!leaf) return refused("--tls-cert-file " + certificateFile + " holds no PEM certificate");
    std::vector<X509Ptr> chain;
    while (X509* next = PEM_read_bio_X509(chainBio.get(), nullptr, noPassphrase, nullptr))
        chain.emplace_back(next);
    ERR_clear_error();  // the end of the file ends the loop with an error on the queue

    auto keyBio = memoryBio(*keyPem);
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassphrase, nullptr));
    if (!key) {
        return refused("--tls-key-file " + keyFile +
                       " holds no unencrypted PEM private key (an encrypted key is not supported)");
    }
    if (X509_check_private_key(leaf.get(), key.get()) != 1) {
        return refused("the private key in " + keyFile + " does not belong to the certificate in " +
                       certificateFile);
    }

    if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(context, kTls12Ciphers) != 1 ||
        SSL_CTX_set1_groups_list(context, "X25519:P-256:P-384") != 1) {
        return refused("OpenSSL refused the TLS settings");
    }
    // No session tickets (as Mozilla's profile): one ticket key would live until the next
    // reload, and whoever held it could read every session resumed with it.
    SSL_CTX_set_options(context,
                        SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
    if (SSL_CTX_use_certificate(context, leaf.get()) != 1) {
        return refused("OpenSSL refused the certificate in " + certificateFile);
    }
    for (const auto& certificate : chain) {
        if (SSL_CTX_add1_chain_cert(context, certificate.get()) != 1)
            return refused("OpenSSL refused a chain certificate in " + certificateFile);
    }
    if (SSL_CTX_use_PrivateKey(context, key.get()) != 1 ||
        SSL_CTX_check_private_key(context) != 1) {
        return refused("OpenSSL refused the private key in " + keyFile);
    }
    return TlsCertificateInfo{subjectOf(leaf.get()), notAfterOf(leaf.get())};
}

}  // namespace tessera::crypto
