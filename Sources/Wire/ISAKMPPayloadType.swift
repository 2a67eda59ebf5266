/// Next Payload values (RFC 2408 3.1, NAT-T RFC 3947 and its drafts, heartbeats draft).
public struct ISAKMPPayloadType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Ends a chain.
    public static let none = ISAKMPPayloadType(rawValue: 0)
    public static let securityAssociation = ISAKMPPayloadType(rawValue: 1)
    public static let proposal = ISAKMPPayloadType(rawValue: 2)
    public static let transform = ISAKMPPayloadType(rawValue: 3)
    public static let keyExchange = ISAKMPPayloadType(rawValue: 4)
    public static let identification = ISAKMPPayloadType(rawValue: 5)
    public static let certificate = ISAKMPPayloadType(rawValue: 6)
    public static let certificateRequest = ISAKMPPayloadType(rawValue: 7)
    public static let hash = ISAKMPPayloadType(rawValue: 8)
    public static let signature = ISAKMPPayloadType(rawValue: 9)
    public static let nonce = ISAKMPPayloadType(rawValue: 10)
    public static let notification = ISAKMPPayloadType(rawValue: 11)
    public static let delete = ISAKMPPayloadType(rawValue: 12)
    public static let vendorID = ISAKMPPayloadType(rawValue: 13)
    /// NAT-Discovery (RFC 3947).
    public static let natD = ISAKMPPayloadType(rawValue: 20)
    /// NAT Original Address (RFC 3947).
    public static let natOA = ISAKMPPayloadType(rawValue: 21)
    /// The private-use numbers draft-ietf-ipsec-nat-t-ike-02/03 peers send instead.
    public static let natDDraft = ISAKMPPayloadType(rawValue: 130)
    public static let natOADraft = ISAKMPPayloadType(rawValue: 131)
    /// SEQ_NO of draft-ietf-ipsec-heartbeats.
    public static let sequenceNumber = ISAKMPPayloadType(rawValue: 217)
}
