import Crypto

/// `ipsec ike hash`: the IKEv1 hash, whose HMAC is the phase 1 PRF (RFC 2409 section 5).
public enum IKEHashAlgorithm: UInt16, Sendable, CaseIterable {
    case md5 = 1
    case sha1 = 2
    case sha256 = 4

    public var outputLength: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        }
    }

    func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .md5: Array(Insecure.MD5.hash(data: data))
        case .sha1: Array(Insecure.SHA1.hash(data: data))
        case .sha256: Array(SHA256.hash(data: data))
        }
    }

    func prf(key: [UInt8], _ parts: [UInt8]...) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch self {
        case .md5: return Self.mac(Insecure.MD5.self, key, parts)
        case .sha1: return Self.mac(Insecure.SHA1.self, key, parts)
        case .sha256: return Self.mac(SHA256.self, key, parts)
        }
    }

    private static func mac<H: HashFunction>(_: H.Type, _ key: SymmetricKey, _ parts: [[UInt8]]) -> [UInt8] {
        var hmac = HMAC<H>(key: key)
        for part in parts { hmac.update(data: part) }
        return Array(hmac.finalize())
    }
}
