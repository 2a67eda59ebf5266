// OpenSSL's libcrypto (Debian libssl-dev) for what swift-crypto does not offer: 3DES-CBC, which
// RTX uses by default for IKE, and the big-number modular exponentiation of IKE's MODP groups.
#include <openssl/evp.h>
#include <openssl/bn.h>
