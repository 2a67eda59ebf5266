import NIOCore
import Wire

/// One L2TPv3 tunnel interface (`tunnel select N`): its control connection and the Ethernet
/// pseudowire session it carries (RFC 3931), sans-IO. Input: control messages, data counters,
/// `now`. Output: control messages for the peer, log lines, session up/down.
public struct L2TPTunnel: Sendable {
    public static let port: UInt16 = 1701
    static let ethernetPseudowire: UInt16 = 5
    static let ethernetVLANPseudowire: UInt16 = 4
    /// Circuit Status: active (bit 0) and new (bit 1).
    static let circuitUpNew: UInt16 = 0x0003
    static let restartDelay: Duration = .seconds(10)
    /// How long an SCCRQ waits for its SCCRP, acknowledged or not (longer than the peer's
    /// retransmissions of a lost SCCRP: 1 + 2 + 4 + 8 + 8 s).
    static let replyTimeout: Duration = .seconds(30)

    public let number: Int
    public private(set) var settings: L2TPTunnelSettings
    private var random: SeededGenerator
    public private(set) var enabled = false

    public private(set) var state = L2TPTunnelState.idle
    public private(set) var localTunnelID: UInt32 = 0
    public private(set) var remoteTunnelID: UInt32 = 0
    public private(set) var remotePort = L2TPTunnel.port
    public private(set) var peerHostName: String?
    public private(set) var peerVendor: String?
    private(set) var isInitiator = false
    private var channel = ReliableControlChannel()
    private var auth: L2TPAuthentication?
    private var localNonce: [UInt8]?
    private var remoteNonce: [UInt8]?
    private var usedTunnelIDs: Set<UInt32> = []

    public private(set) var sessionState = L2TPSessionState.idle
    public private(set) var localSessionID: UInt32 = 0
    public private(set) var remoteSessionID: UInt32 = 0
    public private(set) var peerCircuitUp = false
    public private(set) var sessionUpSince: Duration?
    public private(set) var received = TrafficCounter()
    public private(set) var transmitted = TrafficCounter()

    private var lastHeard: Duration = .zero
    private var lastData: Duration = .zero
    private var nextKeepalive: Duration?
    private var missedKeepalives = 0
    private var restartAt: Duration?
    /// When an unanswered SCCRQ is given up for a fresh one.
    private var replyDeadline: Duration?
    /// When the initiator tries the session again after the peer refused or closed it.
    private var sessionRetryAt: Duration?

    public init(number: Int, settings: L2TPTunnelSettings, seed: UInt64) {
        self.number = number
        self.settings = settings
        random = SeededGenerator(seed: seed)
        auth = settings.secret.map { L2TPAuthentication(secret: $0) }
    }

    public var nextNs: UInt16 { channel.nextNs }
    public var nextNr: UInt16 { channel.nextNr }
    /// Session ID to put on data packets, while the pseudowire is up.
    public var dataSessionID: UInt32? { sessionState == .established ? remoteSessionID : nil }

    // MARK: Administration

    /// `tunnel enable` with `l2tp always-on on`, or a frame to send: opens the control connection.
    public mutating func enable(now: Duration) -> L2TPOutput {
        enabled = true
        guard state == .idle else { return L2TPOutput() }
        return settings.alwaysOn ? connect(now: now) : L2TPOutput()
    }

    /// A frame wants to cross: without always-on the tunnel opens on demand.
    public mutating func demand(now: Duration) -> L2TPOutput {
        guard enabled, state == .idle, restartAt == nil else { return L2TPOutput() }
        return connect(now: now)
    }

    /// `tunnel disable`, `l2tp service off`, a changed config or shutdown: StopCCN, then idle.
    public mutating func disable(now: Duration) -> L2TPOutput {
        enabled = false
        return close(result: L2TPResultCode(result: 6, error: nil, message: "shutdown"), now: now, restart: false)
    }

    /// The path under the connection is gone (its IPsec SAs were deleted): no StopCCN could reach the peer, so
    /// the tunnel goes idle at once and, with always-on, starts over after the restart delay.
    public mutating func pathLost(now: Duration) -> L2TPOutput {
        guard state != .idle else { return L2TPOutput() }
        return reset(now: now, restart: true)
    }

    /// Settings changed: a tunnel whose wire identity changed starts over.
    public mutating func update(_ new: L2TPTunnelSettings, now: Duration) -> L2TPOutput {
        guard new != settings else { return L2TPOutput() }
        let restartNeeded = state != .idle
        settings = new
        auth = new.secret.map { L2TPAuthentication(secret: $0) }
        guard restartNeeded else { return enabled && new.alwaysOn ? connect(now: now) : L2TPOutput() }
        var out = close(result: L2TPResultCode(result: 1, error: nil, message: "configuration changed"), now: now, restart: false)
        if enabled && settings.alwaysOn { out.append(connect(now: now)) }
        return out
    }

    // MARK: Control messages

    /// A control message from the peer's address (the router matched it to this tunnel).
    public mutating func receive(_ message: L2TPControlMessage, fromPort port: UInt16, now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        if message.messageType == .sccrq {
            return receiveSCCRQ(message, port: port, now: now)
        }
        guard state != .idle, message.connectionID == localTunnelID else { return out }
        // RFC 3931 6.15: with authentication on, an acknowledgement is an ACK message with a digest; a bare ZLB
        // could be anyone's, and would move Nr for them. Dropped without a log line, as a flood would fill it.
        if auth != nil, message.isZLB {
            out.events.append(.refused("l2tp-zlb-unauthenticated"))
            return out
        }
        guard authentic(message) else {
            out.events.append(.log("[L2TP] TUNNEL[\(number)] message authentication failed: message discarded"))
            out.events.append(.refused("l2tp-bad-digest"))
            return out
        }
        heard(now: now)
        let discardedBefore = channel.discarded
        let (deliver, transmit) = channel.receive(message, now: now)
        if channel.discarded > discardedBefore { out.events.append(.refused("l2tp-duplicate-ns")) }
        out.packets += transmit.map(encode)
        for m in deliver { out.append(handle(m, port: port, now: now)) }
        if state != .idle, let ack = channel.pendingAck(explicit: auth != nil) { out.packets.append(encode(ack)) }
        return out
    }

    private mutating func handle(_ m: L2TPControlMessage, port: UInt16, now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        if let unknown = m.unknownMandatoryAVPs.first {
            let text = "unknown mandatory AVP \(unknown.vendorID):\(unknown.type)"
            out.events.append(.log("[L2TP] TUNNEL[\(number)] \(text) in \(m.messageType.map { "\($0)" } ?? "message")"))
            out.events.append(.refused("l2tp-unknown-mandatory-avp"))
            out.append(close(result: L2TPResultCode(result: 2, error: 8, message: text), now: now, restart: true))
            return out
        }
        switch (m.messageType, state) {
        case (.sccrp, .waitCtlReply):
            remoteTunnelID = m.assignedControlConnectionID ?? 0
            channel.peerConnectionID = remoteTunnelID
            if let refusal = refusal(of: m) { return refuse(refusal, now: now) }
            channel.peerWindow = Int(m.receiveWindowSize ?? 4)
            remoteNonce = m.nonce
            remotePort = port
            peerHostName = m.hostName
            peerVendor = m.vendorName
            out.packets += channel.send(message(.scccn), now: now).map(encode)
            out.append(established(now: now))
            out.append(openSession(now: now))
        case (.scccn, .waitCtlConn):
            out.append(established(now: now))
        case (.stopccn, _):
            let result = m.resultCode.map { " (result \($0.result)\($0.error.map { ", error \($0)" } ?? ""))" } ?? ""
            out.events.append(.log("[L2TP] TUNNEL[\(number)] disconnected by peer\(result)"))
            if let ack = channel.pendingAck(explicit: auth != nil) { out.packets.append(encode(ack)) }
            out.append(reset(now: now, restart: true))
        case (.hello, _):
            break
        case (.icrq, .established):
            out.append(receiveICRQ(m, now: now))
        case (.icrp, .established) where sessionState == .waitReply:
            remoteSessionID = m.localSessionID ?? 0
            peerCircuitUp = (m.circuitStatus ?? L2TPTunnel.circuitUpNew) & 1 == 1
            var iccn = message(.iccn)
            iccn.localSessionID = localSessionID
            iccn.remoteSessionID = remoteSessionID
            iccn.circuitStatus = L2TPTunnel.circuitUpNew
            out.packets += channel.send(iccn, now: now).map(encode)
            out.append(sessionEstablished(now: now))
        case (.iccn, .established) where sessionState == .waitConnect:
            peerCircuitUp = (m.circuitStatus ?? L2TPTunnel.circuitUpNew) & 1 == 1
            out.append(sessionEstablished(now: now))
        case (.cdn, _):
            // Match by our session ID: some peers put a wrong Local Session ID in a CDN.
            guard m.remoteSessionID == localSessionID || m.remoteSessionID == 0 else { break }
            out.events.append(.log("[L2TP] TUNNEL[\(number)] session disconnected by peer"))
            out.append(sessionReset(now: now))
        default:
            out.events.append(.log("[L2TP] TUNNEL[\(number)] unexpected \(m.messageType.map { "\($0)" } ?? "message") in \(state.rawValue)"))
            out.events.append(.refused("l2tp-unexpected-message"))
        }
        return out
    }

    // MARK: Establishment

    private mutating func connect(now: Duration) -> L2TPOutput {
        var out = reset(now: now, restart: false)
        isInitiator = true
        state = .waitCtlReply
        replyDeadline = now + L2TPTunnel.replyTimeout
        lastHeard = now
        var sccrq = message(.sccrq)
        fillIdentity(&sccrq)
        out.packets += channel.send(sccrq, now: now).map(encode)
        if settings.syslog { out.events.append(.log("[L2TP] TUNNEL[\(number)] connecting to \(settings.remoteAddress)")) }
        return out
    }

    private mutating func receiveSCCRQ(_ m: L2TPControlMessage, port: UInt16, now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        guard enabled else { return out }
        guard authentic(m) else {
            out.events.append(.log("[L2TP] TUNNEL[\(number)] message authentication failed: SCCRQ from \(settings.remoteAddress) discarded"))
            out.events.append(.refused("l2tp-bad-digest"))
            return out
        }
        if m.challenge != nil || m.challengeResponse != nil {
            // RFC 2661's CHAP-style AVPs: RFC 3931 never defines them for L2TPv3; say what the peer tried.
            out.events.append(.log("[L2TP] TUNNEL[\(number)] peer sent L2TPv2 Challenge authentication; this end uses RFC 3931 message digests"))
        }
        guard let peerID = m.assignedControlConnectionID, peerID != 0 else { return out }
        if state != .idle && peerID == remoteTunnelID && state != .waitCtlReply {
            // A retransmission of the SCCRQ we answered: the channel acknowledges it again.
            let (_, transmit) = channel.receive(m, now: now)
            out.packets += transmit.map(encode)
            if let ack = channel.pendingAck(explicit: auth != nil) { out.packets.append(encode(ack)) }
            return out
        }
        if state == .waitCtlReply && winsTie(against: m) {
            return out   // both opened at once: ours stands, the peer drops its own when it sees our SCCRQ
        }
        if let refusal = refusal(of: m) {
            // Tell the peer why, from a connection that exists only to carry the StopCCN.
            out.append(reset(now: now, restart: false))
            remoteTunnelID = peerID
            remoteNonce = m.nonce
            remotePort = port
            channel.peerConnectionID = peerID
            _ = channel.receive(m, now: now)
            state = .waitCtlConn
            out.append(refuse(refusal, now: now))
            return out
        }
        if state == .established || state == .waitCtlConn {
            out.events.append(.log("[L2TP] TUNNEL[\(number)] peer restarted the control connection"))
        }
        out.append(reset(now: now, restart: false))
        isInitiator = false
        remoteTunnelID = peerID
        remoteNonce = m.nonce
        remotePort = port
        peerHostName = m.hostName
        peerVendor = m.vendorName
        channel.peerConnectionID = peerID
        channel.peerWindow = Int(m.receiveWindowSize ?? 4)
        lastHeard = now
        _ = channel.receive(m, now: now)
        state = .waitCtlConn
        var sccrp = message(.sccrp)
        fillIdentity(&sccrp)
        out.packets += channel.send(sccrp, now: now).map(encode)
        return out
    }

    /// Simultaneous open: as with RFC 2661's tie breaker, the lower value wins: the lower Router ID (then the
    /// lower address) keeps its own SCCRQ; the other side answers it.
    private func winsTie(against m: L2TPControlMessage) -> Bool {
        let ours = settings.localRouterID.value, theirs = m.routerID ?? 0
        if ours != theirs { return ours < theirs }
        return settings.localAddress.value < settings.remoteAddress.value
    }

    /// Why an SCCRQ or SCCRP is refused: Router ID or pseudowire type.
    private func refusal(of m: L2TPControlMessage) -> (L2TPResultCode, String)? {
        let expected = settings.remoteRouterID
        if expected != .any, m.routerID != expected.value {
            let got = m.routerID.map { "\(IPv4Address($0))" } ?? "none"
            return (L2TPResultCode(result: 4, error: nil, message: "router-id mismatch"),
                    "remote router-id mismatch (expected \(expected), peer sent \(got))")
        }
        if let caps = m.pseudowireCapabilities, !caps.contains(L2TPTunnel.ethernetPseudowire) {
            return (L2TPResultCode(result: 2, error: 6, message: "no Ethernet pseudowire"), "peer does not offer an Ethernet pseudowire")
        }
        return nil
    }

    private mutating func refuse(_ refusal: (L2TPResultCode, String), now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        out.events.append(.log("[L2TP] TUNNEL[\(number)] \(refusal.1)"))
        out.append(close(result: refusal.0, now: now, restart: true))
        return out
    }

    private mutating func established(now: Duration) -> L2TPOutput {
        state = .established
        channel.retransmissionLimit = settings.keepaliveEnabled ? nil : 5
        lastHeard = now
        lastData = now
        nextKeepalive = settings.keepaliveEnabled ? now + settings.keepaliveInterval : nil
        var out = L2TPOutput()
        if settings.syslog {
            let peer = settings.remoteAddress
            out.events.append(.log(isInitiator ? "[L2TP] TUNNEL[\(number)] connected to \(peer)" : "[L2TP] TUNNEL[\(number)] connected from \(peer)"))
        }
        return out
    }

    // MARK: Session

    private mutating func openSession(now: Duration) -> L2TPOutput {
        guard isInitiator, state == .established, sessionState == .idle else { return L2TPOutput() }
        localSessionID = randomID()
        var icrq = message(.icrq)
        icrq.localSessionID = localSessionID
        icrq.remoteSessionID = 0
        icrq.serialNumber = UInt32(truncatingIfNeeded: random.next())
        icrq.pseudowireType = L2TPTunnel.ethernetPseudowire
        if let end = settings.remoteEndID { icrq.remoteEndID = Array(end.utf8) }
        icrq.circuitStatus = L2TPTunnel.circuitUpNew
        sessionState = .waitReply
        return L2TPOutput(packets: channel.send(icrq, now: now).map(encode))
    }

    private mutating func receiveICRQ(_ m: L2TPControlMessage, now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        guard let peerSession = m.localSessionID, peerSession != 0 else { return out }
        let theirEnd = m.remoteEndID.map { String(decoding: $0, as: UTF8.self) }
        var refusal: (L2TPResultCode, String)?
        if m.pseudowireType != L2TPTunnel.ethernetPseudowire {
            refusal = (L2TPResultCode(result: 2, error: 6, message: "pseudowire type"), "pseudowire type \(m.pseudowireType ?? 0) is not Ethernet")
        } else if theirEnd != settings.remoteEndID {
            refusal = (L2TPResultCode(result: 2, error: 6, message: "remote end-id mismatch"),
                       "remote end-id mismatch (ours \(settings.remoteEndID ?? "none"), peer \(theirEnd ?? "none"))")
        } else if sessionState == .established || sessionState == .waitConnect {
            refusal = (L2TPResultCode(result: 2, error: 4, message: "session exists"), "second session refused")
        }
        if let (code, text) = refusal {
            out.events.append(.log("[L2TP] TUNNEL[\(number)] \(text)"))
            var cdn = message(.cdn)
            cdn.resultCode = code
            cdn.localSessionID = 0
            cdn.remoteSessionID = peerSession
            out.packets += channel.send(cdn, now: now).map(encode)
            return out
        }
        localSessionID = randomID()
        remoteSessionID = peerSession
        peerCircuitUp = (m.circuitStatus ?? L2TPTunnel.circuitUpNew) & 1 == 1
        var icrp = message(.icrp)
        icrp.localSessionID = localSessionID
        icrp.remoteSessionID = remoteSessionID
        icrp.pseudowireType = L2TPTunnel.ethernetPseudowire
        icrp.circuitStatus = L2TPTunnel.circuitUpNew
        sessionState = .waitConnect
        out.packets += channel.send(icrp, now: now).map(encode)
        return out
    }

    private mutating func sessionEstablished(now: Duration) -> L2TPOutput {
        sessionState = .established
        sessionUpSince = now
        lastData = now
        received = TrafficCounter()
        transmitted = TrafficCounter()
        var out = L2TPOutput()
        out.events.append(.sessionUp)
        if settings.syslog { out.events.append(.log("[L2TP] TUNNEL[\(number)] session established")) }
        return out
    }

    private mutating func sessionReset(now: Duration) -> L2TPOutput {
        let wasUp = sessionState == .established
        sessionState = .idle
        localSessionID = 0
        remoteSessionID = 0
        sessionUpSince = nil
        var out = L2TPOutput()
        if wasUp { out.events.append(.sessionDown) }
        if isInitiator && state == .established && enabled { sessionRetryAt = now + L2TPTunnel.restartDelay }
        return out
    }

    // MARK: Data plane accounting

    public mutating func countReceived(octets: Int, now: Duration) {
        received.add(octets)
        lastData = now
    }

    public mutating func countTransmitted(octets: Int, now: Duration) {
        transmitted.add(octets)
        lastData = now
    }

    // MARK: Timers

    /// The earliest timer; computed without allocating, as the router asks for it per frame.
    public var nextDeadline: Duration? {
        var next = channel.nextDeadline
        func consider(_ d: Duration?) {
            if let d, next.map({ d < $0 }) ?? true { next = d }
        }
        consider(restartAt)
        consider(sessionRetryAt)
        if state == .waitCtlReply { consider(replyDeadline) }
        if state == .established {
            consider(nextKeepalive)
            if !settings.alwaysOn, let idle = settings.disconnectTime { consider(lastData + idle) }
        }
        return next
    }

    public mutating func tick(now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        if let at = restartAt, at <= now {
            restartAt = nil
            if enabled && settings.alwaysOn { out.append(connect(now: now)) }
        }
        guard state != .idle else { return out }
        if let at = sessionRetryAt, at <= now {
            sessionRetryAt = nil
            out.append(openSession(now: now))
        }
        out.packets += channel.tick(now: now).map(encode)
        let unanswered = state == .waitCtlReply && (replyDeadline.map { $0 <= now } ?? false)
        if channel.exhausted || unanswered {
            out.events.append(.log("[L2TP] TUNNEL[\(number)] no reply from \(settings.remoteAddress)"))
            if state == .waitCtlReply {
                // Keep trying with a fresh control connection (the state reads wait_ctl_reply meanwhile).
                out.append(connect(now: now))
            } else {
                out.append(reset(now: now, restart: true))
            }
            return out
        }
        if state == .established, let due = nextKeepalive, due <= now {
            out.append(keepalive(now: now))
        }
        if state == .established, !settings.alwaysOn, let idle = settings.disconnectTime, now - lastData >= idle {
            if settings.syslog { out.events.append(.log("[L2TP] TUNNEL[\(number)] disconnect timer expired")) }
            out.append(close(result: L2TPResultCode(result: 1, error: nil, message: "idle"), now: now, restart: false))
        }
        return out
    }

    /// Anything from the peer proves it alive: the keepalive clock starts again.
    private mutating func heard(now: Duration) {
        lastHeard = now
        missedKeepalives = 0
        if state == .established && settings.keepaliveEnabled { nextKeepalive = now + settings.keepaliveInterval }
    }

    /// A HELLO each interval the peer stays quiet; after COUNT unanswered HELLOs the peer is gone.
    private mutating func keepalive(now: Duration) -> L2TPOutput {
        var out = L2TPOutput()
        nextKeepalive = now + settings.keepaliveInterval
        if missedKeepalives >= settings.keepaliveCount {
            if settings.keepaliveLog || settings.syslog {
                out.events.append(.log("[L2TP] TUNNEL[\(number)] keepalive timeout: no reply from \(settings.remoteAddress)"))
            }
            out.append(close(result: L2TPResultCode(result: 2, error: nil, message: "keepalive timeout"), now: now, restart: true))
            return out
        }
        missedKeepalives += 1
        if settings.keepaliveLog { out.events.append(.log("[L2TP] TUNNEL[\(number)] send HELLO to \(settings.remoteAddress)")) }
        out.packets += channel.send(message(.hello), now: now).map(encode)
        return out
    }

    // MARK: Teardown

    /// Sends StopCCN (best effort: the connection is gone either way) and goes idle.
    private mutating func close(result: L2TPResultCode, now: Duration, restart: Bool) -> L2TPOutput {
        var out = L2TPOutput()
        if state != .idle && remoteTunnelID != 0 {
            var stop = message(.stopccn)
            stop.assignedControlConnectionID = localTunnelID
            stop.resultCode = result
            out.packets += channel.send(stop, now: now).map(encode)
        }
        out.append(reset(now: now, restart: restart))
        return out
    }

    private mutating func reset(now: Duration, restart: Bool) -> L2TPOutput {
        var out = L2TPOutput()
        if sessionState == .established { out.events.append(.sessionDown) }
        if state == .established && settings.syslog { out.events.append(.log("[L2TP] TUNNEL[\(number)] disconnected")) }
        state = .idle
        sessionState = .idle
        localSessionID = 0
        remoteSessionID = 0
        sessionUpSince = nil
        remoteTunnelID = 0
        localTunnelID = 0
        remotePort = L2TPTunnel.port
        peerHostName = nil
        peerVendor = nil
        channel = ReliableControlChannel()
        localNonce = nil
        remoteNonce = nil
        nextKeepalive = nil
        missedKeepalives = 0
        sessionRetryAt = nil
        restartAt = restart && enabled && settings.alwaysOn ? now + L2TPTunnel.restartDelay : nil
        return out
    }

    // MARK: Building and signing messages

    /// A message of `type` carrying the Message Digest slot first when authentication is on.
    private mutating func message(_ type: L2TPMessageType) -> L2TPControlMessage {
        if localTunnelID == 0 { localTunnelID = freshTunnelID() }
        return L2TPControlMessage.make(type, connectionID: remoteTunnelID)
    }

    private mutating func fillIdentity(_ m: inout L2TPControlMessage) {
        m.hostName = settings.hostName
        m.vendorName = settings.vendorName
        m.routerID = settings.localRouterID.value
        m.assignedControlConnectionID = localTunnelID
        m.pseudowireCapabilities = [L2TPTunnel.ethernetPseudowire, L2TPTunnel.ethernetVLANPseudowire]
        m.receiveWindowSize = UInt16(channel.receiveWindow)
        if auth != nil {
            localNonce = (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            m.nonce = localNonce
        }
    }

    private func encode(_ m: L2TPControlMessage) -> L2TPDatagram {
        let bytes: ByteBuffer
        if let auth {
            bytes = auth.sign(m, senderNonce: localNonce, receiverNonce: m.messageType == .sccrq ? nil : remoteNonce)
        } else {
            bytes = m.buffer
        }
        return L2TPDatagram(payload: bytes, port: remotePort)
    }

    private func authentic(_ m: L2TPControlMessage) -> Bool {
        guard let auth else { return true }
        let senderNonce = m.messageType == .sccrq || m.messageType == .sccrp ? m.nonce : remoteNonce
        return auth.verify(m, senderNonce: senderNonce, receiverNonce: m.messageType == .sccrq ? nil : localNonce)
    }

    /// A Control Connection ID not used by an earlier connection of this tunnel (a peer may ignore a reused one).
    private mutating func freshTunnelID() -> UInt32 {
        while true {
            let id = randomID()
            if usedTunnelIDs.insert(id).inserted { return id }
        }
    }

    /// IDs as an RTX shows them: 1...65535.
    private mutating func randomID() -> UInt32 { UInt32(random.next() % 65535) + 1 }
}

/// Packets and octets of one direction of a session.
public struct TrafficCounter: Sendable, Equatable {
    public private(set) var packets = 0
    public private(set) var octets = 0

    mutating func add(_ n: Int) {
        packets += 1
        octets += n
    }
}
