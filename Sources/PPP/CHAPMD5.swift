import Crypto

/// CHAP with MD5 (RFC 1994 2 and 4.1): Response Value = MD5(Identifier || secret || Challenge Value).
public enum CHAPMD5 {
    public static func response(identifier: UInt8, secret: [UInt8], challenge: [UInt8]) -> [UInt8] {
        var md5 = Insecure.MD5()
        md5.update(data: [identifier])
        md5.update(data: secret)
        md5.update(data: challenge)
        return Array(md5.finalize())
    }
}
