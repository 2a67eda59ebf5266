import IPsec
import Wire

/// One ISAKMP SA, from its first message to its deletion: the engine's per-peer phase 1 state.
final class Phase1SA {
    enum Role { case initiator, responder }

    enum State: Equatable {
        /// Main Mode initiator, after message 1 / 3 / 5.
        case sentSA, sentKeyExchange, sentIdentity
        /// Main Mode responder, after message 2 / 4.
        case sentSAReply, sentKeyExchangeReply
        /// Aggressive Mode initiator after message 1, responder after message 2.
        case sentAggressive, sentAggressiveReply
        case established
    }

    let role: Role
    let aggressive: Bool
    var state: State
    var policy: IKEPeerPolicy
    let initiatorCookie: UInt64
    var responderCookie: UInt64 = 0
    var local: IPv4Address
    var localPort: UInt16 = IKEDatagram.port
    var remote: IPv4Address
    var remotePort: UInt16 = IKEDatagram.port

    var proposal: Phase1Proposal?
    /// The initiator's SA payload body (SAi_b), hashed into HASH_I and HASH_R.
    var initiatorSABody: [UInt8] = []
    var diffieHellman: DiffieHellman?
    var initiatorPublic: [UInt8] = []
    var responderPublic: [UInt8] = []
    var initiatorNonce: [UInt8] = []
    var responderNonce: [UInt8] = []
    var keys: Phase1Keys?
    /// The CBC chain of phase 1; after establishment, the last block that seeds Quick Mode and informational IVs.
    var iv: [UInt8] = []
    var peerIdentity: IKEIdentity?
    /// ID payload bodies as sent and received, hashed into HASH_I / HASH_R.
    var localIdentityBody: [UInt8] = []
    var peerIdentityBody: [UInt8] = []

    var peerSupportsNATT = false
    var peerSupportsDPD = false
    /// NAT-D showed a NAT between us: float to 4500 and encapsulate ESP.
    var natDetected = false
    /// The NAT is on our side: we send the NAT-keepalives.
    var behindNAT = false

    var lastSent: [UInt8]?
    var lastReceived: [UInt8]?
    var retransmitAt: Duration?
    var retransmissions = 0

    var number: Int?
    var established: Duration?
    var expires: Duration?
    var rekeyAt: Duration?
    /// A newer ISAKMP SA replaces this one; it is deleted once the new one is up.
    var superseded = false

    var quickModes: [UInt32: QuickModeExchange] = [:]
    /// Informational message IDs seen, so a replayed DELETE or notify is not acted on twice.
    var seenMessageIDs: Set<UInt32> = []

    var keepalive = KeepaliveState()

    init(role: Role, aggressive: Bool, policy: IKEPeerPolicy, initiatorCookie: UInt64, local: IPv4Address, remote: IPv4Address) {
        self.role = role
        self.aggressive = aggressive
        self.policy = policy
        self.initiatorCookie = initiatorCookie
        self.local = local
        self.remote = remote
        state = role == .initiator ? (aggressive ? .sentAggressive : .sentSA) : (aggressive ? .sentAggressiveReply : .sentSAReply)
    }

    var isEstablished: Bool { state == .established }

    var cookies: [UInt8] { initiatorCookie.bigEndianBytes + responderCookie.bigEndianBytes }

    func cipher() -> CBCCipher? {
        guard let proposal, let keys else { return nil }
        return CBCCipher(proposal.encryption, key: keys.encryptionKey)
    }
}

/// Heartbeat or DPD bookkeeping of one ISAKMP SA.
struct KeepaliveState {
    /// When to send the next heartbeat / R-U-THERE.
    var nextSend: Duration?
    /// Sequence number of our heartbeats or R-U-THEREs (never wraps within an SA's life).
    var sequence: UInt32 = 0
    /// Heartbeats / DPD replies missed in a row.
    var missed = 0
    /// Last time anything authenticated arrived from the peer.
    var lastHeard: Duration = .zero
    /// The highest heartbeat sequence the peer sent, against replay.
    var peerSequence: UInt32 = 0
    var outstandingDPD: UInt32?
}
