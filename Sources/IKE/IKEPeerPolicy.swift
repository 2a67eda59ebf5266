import IPsec
import Wire

/// What the engine needs to know of one security gateway (`ipsec ike ... GW`) and the SA policy bound to it.
/// The Router builds it from the RTX config; the engine knows nothing of commands.
public struct IKEPeerPolicy: Equatable, Sendable {
    public enum Remote: Equatable, Sendable {
        case address(IPv4Address)
        /// `ipsec ike remote address GW any`: only respond, to whoever knows the key.
        case any
    }

    public enum Keepalive: Equatable, Sendable {
        /// YAMAHA's heartbeat (draft-ietf-ipsec-heartbeats): both sides send, each counts what it misses.
        case heartbeat(interval: Int, count: Int)
        /// RFC 3706 R-U-THERE after `interval` seconds of silence, given up after `count` unanswered.
        case dpd(interval: Int, count: Int)
    }

    /// The traffic transport-mode ESP protects: `ipsec transport ID POLICY udp 1701`.
    public struct Selector: Equatable, Sendable {
        public var ipProtocol: UInt8
        public var port: UInt16?

        public init(ipProtocol: UInt8, port: UInt16?) {
            self.ipProtocol = ipProtocol
            self.port = port
        }
    }

    public var gateway: Int
    /// The `ipsec sa policy` id, which ties child SAs to `ipsec tunnel N` / `ipsec transport`.
    public var policyID: Int
    public var localAddress: IPv4Address
    public var remote: Remote
    public var preSharedKey: [UInt8]
    /// Offered in order by an initiator; a responder takes any supported transform.
    public var phase1: [Phase1Proposal]
    /// The gateway's `ipsec sa policy`; a gateway without one is not given to the engine at all.
    public var phase2: Phase2Proposal
    /// nil: tunnel mode for everything.
    public var selector: Selector?
    /// `ipsec auto refresh on`: initiate and keep SAs up; otherwise only respond.
    public var initiates: Bool
    public var natTraversal: Bool
    public var keepalive: Keepalive?
    public var keepaliveLog: Bool
    /// `ipsec ike local name` / `remote name`: aggressive mode with these identities.
    public var localName: IKEIdentity?
    public var remoteName: IKEIdentity?

    public init(
        gateway: Int, policyID: Int, localAddress: IPv4Address, remote: Remote, preSharedKey: [UInt8],
        phase1: [Phase1Proposal], phase2: Phase2Proposal, selector: Selector?, initiates: Bool,
        natTraversal: Bool = false, keepalive: Keepalive? = nil, keepaliveLog: Bool = false,
        localName: IKEIdentity? = nil, remoteName: IKEIdentity? = nil
    ) {
        self.gateway = gateway
        self.policyID = policyID
        self.localAddress = localAddress
        self.remote = remote
        self.preSharedKey = preSharedKey
        self.phase1 = phase1
        self.phase2 = phase2
        self.selector = selector
        self.initiates = initiates
        self.natTraversal = natTraversal
        self.keepalive = keepalive
        self.keepaliveLog = keepaliveLog
        self.localName = localName
        self.remoteName = remoteName
    }

    var usesAggressiveMode: Bool { localName != nil || remoteName != nil || remote == .any }

    var remoteAddress: IPv4Address? {
        if case .address(let address) = remote { address } else { nil }
    }
}
