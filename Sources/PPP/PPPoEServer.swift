import NIOCore
import Wire

/// A PPPoE access concentrator (RFC 2516) holding many sessions: discovery, LCP as the
/// authenticator, PAP or CHAP-MD5 against its user list, IPCP handing out pool addresses and DNS
/// servers, LCP echo keepalive, and the data path between its sessions and the caller. Sans-IO:
/// frames and time come in, frames, log lines and session events go out.
public struct PPPoEServer: Sendable {
    /// A session whose IPCP is opened.
    public struct Session: Equatable, Sendable {
        public var id: UInt16
        public var mac: MACAddress
        public var username: String
        public var address: IPv4Address
        /// When IPCP opened.
        public var since: Duration
        /// The peer's MRU: the largest IPv4 packet `send(ipv4:to:)` may carry to it.
        public var mru: Int
    }

    public enum Output: Sendable {
        /// A whole Ethernet frame for the access port.
        case frame(ByteBuffer)
        case log(String)
        case sessionUp(Session)
        /// An opened session ended (by the peer, a keepalive failure, or `terminate`/`forget`).
        case sessionDown(Session, reason: String)
        case drop(DropReason)
        /// An IPv4 packet a session sent, for the caller to route.
        case ipv4(ByteBuffer, from: Session)
    }

    /// The largest MRU over PPPoE (RFC 2516 7): 1500 less the 8 bytes of PPPoE and PPP headers.
    public static let maximumMRU = 1492

    public let settings: PPPoEServerSettings
    public let mac: MACAddress
    var random: SeededGenerator
    /// Keys the AC-Cookie, so a PADR proves its sender got our PADO at its own MAC.
    let cookieSecret: [UInt8]
    var table: [UInt16: PPPoEServerSession] = [:]
    /// Opened sessions by their address, for the data path.
    var owners: [IPv4Address: UInt16] = [:]
    var lastSessionID: UInt16 = 0
    /// The address the next session gets if it is free (else the next free one after it); a reconnect
    /// therefore gets a new address, and the caller may choose it.
    public var nextPoolAddress: IPv4Address
    var outputs: [Output] = []
    var now: Duration = .zero

    public init(settings: PPPoEServerSettings, mac: MACAddress, random: some RandomNumberGenerator) {
        var random = random
        self.settings = settings
        self.mac = mac
        self.random = SeededGenerator(seed: random.next())
        cookieSecret = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        nextPoolAddress = settings.pool.lowerBound
    }

    /// Opened sessions, by id.
    public var sessions: [Session] { table.values.compactMap(\.opened).sorted { $0.id < $1.id } }

    /// The opened session holding `address`.
    public func session(for address: IPv4Address) -> Session? { owners[address].flatMap { table[$0]?.opened } }

    public var nextDeadline: Duration? { table.values.compactMap(\.nextDeadline).min() }

    public mutating func takeOutput() -> [Output] {
        defer { outputs.removeAll() }
        return outputs
    }

    /// A frame's payload (the bytes after the Ethernet header) with EtherType 0x8863 or 0x8864 from `source`.
    public mutating func receive(_ payload: ByteBuffer, etherType: UInt16, source: MACAddress, now: Duration) {
        advance(to: now)
        switch etherType {
        case EtherType.pppoeDiscovery: discovery(payload, from: source)
        case EtherType.pppoeSession: sessionFrame(payload, from: source)
        default: outputs.append(.drop(.pppoeNotPPPoE))
        }
    }

    /// The Ethernet frame carrying `ipv4` to the session that holds `address`; nil when none does.
    public func send(ipv4: ByteBuffer, to address: IPv4Address) -> ByteBuffer? {
        guard let id = owners[address], let session = table[id] else { return nil }
        var frame = ipv4
        PPPoESessionHeader.prepend(sessionID: id, protocol: PPPProtocol.ipv4, to: &frame)
        EthernetHeader(destination: session.peer, source: mac, etherType: EtherType.pppoeSession).prepend(to: &frame)
        return frame
    }

    /// Ends a session as an ISP does: LCP Terminate-Request, then PADT (at once if LCP is not open).
    public mutating func terminate(sessionID: UInt16, now: Duration) {
        advance(to: now)
        guard table[sessionID] != nil else { return }
        close(sessionID, reason: "terminated by the access concentrator")
    }

    public mutating func terminateAll(now: Duration) {
        for id in table.keys.sorted() { terminate(sessionID: id, now: now) }
    }

    /// Forgets a session without a word to the peer, as a restarted concentrator has: its frames
    /// are dropped from now on and its keepalive finds out.
    public mutating func forget(sessionID: UInt16) {
        guard let session = table[sessionID] else { return }
        end(session, reason: "forgotten by the access concentrator", padt: false)
    }

    /// The next address to hand out: the first free one from `nextPoolAddress` on, wrapping.
    mutating func allocateAddress() -> IPv4Address? {
        let pool = settings.pool
        let size = UInt64(pool.upperBound.value - pool.lowerBound.value) + 1
        var candidate = pool.contains(nextPoolAddress) ? nextPoolAddress : pool.lowerBound
        for _ in 0..<min(size, UInt64(settings.maxSessions) + 1) {
            let next = candidate == pool.upperBound ? pool.lowerBound : IPv4Address(candidate.value + 1)
            if owners[candidate] == nil, !table.values.contains(where: { $0.address == candidate }) {
                nextPoolAddress = next
                return candidate
            }
            candidate = next
        }
        return nil
    }

    /// Removes a session, telling the peer with a PADT unless `padt` is false.
    mutating func end(_ session: PPPoEServerSession, reason: String, padt: Bool = true) {
        table[session.id] = nil
        if let opened = session.opened {
            owners[opened.address] = nil
            outputs.append(.sessionDown(opened, reason: reason))
        }
        if padt {
            let packet = PPPoEDiscoveryPacket(code: .padt, sessionID: session.id, tags: [.genericError(reason)])
            outputs.append(.frame(packet.frame(destination: session.peer, source: mac)))
        }
        outputs.append(.log("session \(session.id) \(session.peer) \(session.username ?? "") down: \(reason)"))
    }
}
