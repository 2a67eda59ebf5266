// OpenSSL's libcrypto (Debian libssl-dev) for what swift-crypto does not offer: 3DES-CBC, which
// RTX uses by default for IKE, and the big-number modular exponentiation of IKE's MODP groups.
// ESP's data path also keys AES-CBC contexts once per SA (swift-crypto re-keys and allocates per
// call) and uses the SHA/MD5 hash states, which copy without allocating (OpenSSL 3's HMAC and
// EVP_MAC allocate twice per message). Those state APIs are deprecated in 3.0, not removed.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
