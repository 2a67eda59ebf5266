/// Notify Message Types (RFC 2408 3.14.1, RFC 2407 4.6.3, RFC 3706, draft-ietf-ipsec-heartbeats).
public struct ISAKMPNotifyType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    // Errors (1-16383).
    public static let invalidPayloadType = ISAKMPNotifyType(rawValue: 1)
    public static let invalidSPI = ISAKMPNotifyType(rawValue: 11)
    public static let noProposalChosen = ISAKMPNotifyType(rawValue: 14)
    public static let payloadMalformed = ISAKMPNotifyType(rawValue: 16)
    public static let invalidIDInformation = ISAKMPNotifyType(rawValue: 18)
    public static let authenticationFailed = ISAKMPNotifyType(rawValue: 24)

    // Status.
    /// IPsec DOI: the responder's shorter lifetime for the SA it accepted.
    public static let responderLifetime = ISAKMPNotifyType(rawValue: 24576)
    /// IPsec DOI: the sender has no other SAs with us, so stale ones can go.
    public static let initialContact = ISAKMPNotifyType(rawValue: 24578)
    /// RFC 3706 DPD; the data is a 32-bit sequence number.
    public static let rUThere = ISAKMPNotifyType(rawValue: 36136)
    public static let rUThereAck = ISAKMPNotifyType(rawValue: 36137)
    /// draft-ietf-ipsec-heartbeats (YAMAHA keepalive).
    public static let stillConnected = ISAKMPNotifyType(rawValue: 34793)
}
