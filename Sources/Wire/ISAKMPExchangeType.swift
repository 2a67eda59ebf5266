/// The header's Exchange Type (RFC 2408 3.1, RFC 2409 for the IKE exchanges).
public struct ISAKMPExchangeType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Main Mode.
    public static let identityProtection = ISAKMPExchangeType(rawValue: 2)
    public static let aggressive = ISAKMPExchangeType(rawValue: 4)
    public static let informational = ISAKMPExchangeType(rawValue: 5)
    public static let quickMode = ISAKMPExchangeType(rawValue: 32)
    /// draft-ietf-ipsec-heartbeats, YAMAHA's `ipsec ike keepalive` (a private-use value).
    public static let heartbeat = ISAKMPExchangeType(rawValue: 251)
}
