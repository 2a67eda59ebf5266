/// Message Digest AVP value (RFC 3931 5.4.1): Digest Type (0 HMAC-MD5, 1 HMAC-SHA-1), then the digest.
public struct L2TPMessageDigest: Hashable, Sendable {
    public var type: UInt8
    public var digest: [UInt8]

    public init(type: UInt8, digest: [UInt8]) {
        self.type = type
        self.digest = digest
    }
}
