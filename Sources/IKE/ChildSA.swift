import IPsec
import Wire

/// The keys of one direction of an ESP SA, as Quick Mode's KEYMAT gives them.
public struct ESPKeys: Equatable, Sendable {
    public var spi: UInt32
    public var encryptionKey: [UInt8]
    public var integrityKey: [UInt8]
}

/// An ESP SA pair negotiated by Quick Mode, for the SAD.
public struct ChildSA: Equatable, Sendable {
    public var gateway: Int
    public var policyID: Int
    public var proposal: Phase2Proposal
    public var inbound: ESPKeys
    public var outbound: ESPKeys
    public var localAddress: IPv4Address
    /// The peer as the packets show it (after any NAT).
    public var remoteAddress: IPv4Address
    public var established: Duration
    public var expires: Duration
    /// `show ipsec sa` numbers of the send and receive SA.
    public var sendNumber: Int
    public var receiveNumber: Int

    /// This side ran the Quick Mode (and so renews the pair before it expires).
    public var initiatedLocally: Bool
    /// A renewal of this pair is under way or done.
    var renewing = false
    /// The ISAKMP SA that negotiated the pair (`show ipsec sa`'s isakmp column).
    var isakmpCookie: UInt64

    /// UDP ports of RFC 3948 encapsulation, when NAT-T found a NAT.
    public var encapsulationPorts: Ports?

    public struct Ports: Equatable, Sendable {
        public var local: UInt16
        public var remote: UInt16
    }
}
