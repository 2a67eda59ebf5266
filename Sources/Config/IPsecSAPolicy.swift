/// `ipsec sa policy POLICY GW esp [ENC] [AUTH]` / `ah [AUTH]`.
public struct IPsecSAPolicy: Equatable, Sendable {
    public enum Encryption: String, Sendable, CaseIterable {
        case aesCBC = "aes-cbc"
        case aes256CBC = "aes256-cbc"
        case tripleDESCBC = "3des-cbc"
        case desCBC = "des-cbc"
    }

    public enum Authentication: String, Sendable, CaseIterable {
        case shaHMAC = "sha-hmac"
        case sha256HMAC = "sha256-hmac"
        case md5HMAC = "md5-hmac"
    }

    public enum Proto: Equatable, Sendable {
        case esp(encryption: Encryption?, authentication: Authentication?)
        case ah(authentication: Authentication?)
    }

    public static let ids = 1...2_147_483_647

    public var gateway: Int
    public var proto: Proto

    public init(gateway: Int, proto: Proto) {
        self.gateway = gateway
        self.proto = proto
    }

    /// nil for AH, which does not encrypt.
    public var effectiveEncryption: Encryption? {
        if case .esp(let encryption, _) = proto { encryption ?? .aesCBC } else { nil }
    }

    public var effectiveAuthentication: Authentication {
        switch proto {
        case .esp(_, let authentication), .ah(let authentication): authentication ?? .shaHMAC
        }
    }
}
