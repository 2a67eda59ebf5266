import Crypto

/// CHAP with MD5 (RFC 1994 4.1): the response is MD5(Identifier | secret | Challenge Value).
enum CHAPMD5 {
    static func response(identifier: UInt8, secret: String, challenge: [UInt8]) -> [UInt8] {
        Array(Insecure.MD5.hash(data: [identifier] + Array(secret.utf8) + challenge))
    }
}
