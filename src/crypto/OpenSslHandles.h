#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "domain/UniqueHandle.h"

namespace tessera::crypto {

// The OpenSSL handles this layer uses, each released by OpenSSL's own function.
using EvpPkeyPtr = UniqueHandle<EVP_PKEY, EVP_PKEY_free>;
using EvpMdCtxPtr = UniqueHandle<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpMdPtr = UniqueHandle<EVP_MD, EVP_MD_free>;
using EvpMacPtr = UniqueHandle<EVP_MAC, EVP_MAC_free>;
using EvpMacCtxPtr = UniqueHandle<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using BioPtr = UniqueHandle<BIO, BIO_free>;
using BnPtr = UniqueHandle<BIGNUM, BN_free>;
using EcdsaSigPtr = UniqueHandle<ECDSA_SIG, ECDSA_SIG_free>;
using ParamBldPtr = UniqueHandle<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = UniqueHandle<OSSL_PARAM, OSSL_PARAM_free>;
using PkeyCtxPtr = UniqueHandle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;

}  // namespace tessera::crypto
