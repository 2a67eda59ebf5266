/// ESP integrity algorithms an RTX offers (`ipsec sa policy ... esp aes-cbc sha-hmac`), as HMACs
/// truncated to their ESP ICV length (RFC 2404, RFC 2403, RFC 4868).
public enum IntegrityAlgorithm: String, Sendable, CaseIterable {
    case hmacSHA1_96 = "sha-hmac"
    case hmacMD5_96 = "md5-hmac"
    case hmacSHA256_128 = "sha256-hmac"

    public var keyLength: Int {
        switch self {
        case .hmacSHA1_96: 20
        case .hmacMD5_96: 16
        case .hmacSHA256_128: 32
        }
    }

    public var icvLength: Int {
        switch self {
        case .hmacSHA1_96, .hmacMD5_96: 12
        case .hmacSHA256_128: 16
        }
    }
}
