import NIOCore
import Wire

/// One PPPoE client session for one `pp N` (RFC 2516 discovery, then LCP, PAP or CHAP-MD5 as the authenticatee,
/// IPCP, LCP echo keepalive), sans-IO. It is handed frames and `now`, and queues frames, log lines, up/down events
/// and drops for `takeOutput()`.
///
/// Log wording follows a captured `show log` of an RTX1100 (and the same lines quoted from YAMAHA's own
/// troubleshooting pages): "Connecting to PPPoE server", "PPPoE Connect", "Disconnected, cause [PPPoE: PADI
/// Timeout]", "Disconnected, cause [PPP: Authentication failed]" under "PPPOE[NN]"; "PPP/IPCP up  (Local: A,
/// Remote: B)", "Local  PP IP address A" and "RECV CHAP Failure in CS_OPEN/SS_CLOSED" under "PP[NN]". Causes for
/// which no capture was found (PADR timeout, PADT, keepalive) use the same "[PPPoE: ...]"/"[PPP: ...]" form.
public struct PPPoEClient: Sendable {
    /// After a lost or failed session, the next attempt waits this long, doubled per failure in a row up to
    /// `maximumHoldoff` (a captured RTX retried about 10 s after a PADI timeout).
    static let firstHoldoff: Duration = .seconds(10)
    static let maximumHoldoff: Duration = .seconds(80)
    /// With `pp always-on`, authentication failures in a row after which the client stops reconnecting by itself.
    public static let authFailureLimit = 3
    /// PPPoE discovery retransmissions double the wait (RFC 2516 5.1), up to this multiple of the restart time.
    static let maximumBackoffFactor = 8
    /// Protocol-Rejects and the like sent per second at most.
    static let repliesPerSecond = 10

    public var settings: PPPoEClientSettings
    public let mac: MACAddress
    var active: PPPoEClientSettings
    var random: SeededGenerator
    public internal(set) var phase = Phase.idle
    var outputs: [Output] = []

    // Discovery
    var hostUniq: [UInt8] = []
    var attempts = 0
    var discoveryDeadline: Duration?
    var offer: Offer?
    /// Another AC offered a session for our PADI after the one chosen (see `discoveryTimeout`).
    var rivalOffer = false
    // Session
    var sessionID: UInt16 = 0
    var lcp: PPPNegotiation<LCPClientPolicy>
    var ipcp: PPPNegotiation<IPCPClientPolicy>
    var authIdentifier: UInt8 = 0
    var authAttempts = 0
    var authDeadline: Duration?
    var authProtocol: PPPAuthProtocol?
    var echoAt: Duration?
    var echoMissed = 0
    var echoOutstanding = false
    var echoIdentifier: UInt8 = 0
    var echoRequestsSent = 0
    var echoRepliesReceived = 0
    var replyWindowStart: Duration = .zero
    var repliesInWindow = 0
    // Lifecycle
    public internal(set) var link: Link?
    var since: Duration?
    /// Why the session now terminating ends; nil for an administrative disconnect.
    var cause: String?
    var lastCause: String?
    var wanted = false
    var reconnectAt: Duration?
    var failuresInARow = 0
    var authFailuresInARow = 0

    struct Offer: Sendable {
        var ac: MACAddress
        var acName: String?
        var cookie: [UInt8]?
        var relaySessionID: [UInt8]?
    }

    public init(settings: PPPoEClientSettings, mac: MACAddress, random: some RandomNumberGenerator) {
        var source = random
        self.settings = settings
        self.mac = mac
        active = settings
        self.random = SeededGenerator(seed: source.next())
        lcp = PPPNegotiation(policy: LCPClientPolicy(mru: nil, magicNumber: false, acceptedAuth: [], random: self.random.derived("lcp")),
                             timing: settings.lcpTiming)
        ipcp = PPPNegotiation(policy: IPCPClientPolicy(requestAddress: false, requestDNS: false), timing: settings.ipcpTiming)
    }

    public mutating func takeOutput() -> [Output] {
        defer { outputs = [] }
        return outputs
    }

    public var nextDeadline: Duration? {
        [discoveryDeadline, lcp.nextDeadline, ipcp.nextDeadline, authDeadline, echoAt, wanted ? reconnectAt : nil].compactMap { $0 }.min()
    }

    public var status: Status {
        Status(phase: phase, acName: offer?.acName, accessConcentrator: sessionID != 0 ? offer?.ac : nil,
               sessionID: sessionID != 0 ? sessionID : nil, since: since, authProtocol: authProtocol,
               lcpLocal: lcp.policy.localOptions, lcpRemote: lcp.policy.remoteOptions,
               ipcpLocal: ipcp.policy.localOptions, ipcpRemote: ipcp.policy.remoteOptions,
               echoRequestsSent: echoRequestsSent, echoRepliesReceived: echoRepliesReceived, lastCause: lastCause)
    }

    // MARK: Administration

    /// Starts discovery with the current settings (PADI). A session already up is ended first (PADT). While a
    /// hold-off after failures runs, the attempt waits for it: calling this on every `.down` cannot busy-loop.
    public mutating func connect(now: Duration) {
        wanted = true
        if phase != .idle { endSession(cause: nil, now: now, reconnect: false) }
        if let reconnectAt, reconnectAt > now { return }
        startDiscovery(now: now)
    }

    /// LCP Terminate-Request, then PADT; stays down until `connect`.
    public mutating func disconnect(now: Duration) {
        wanted = false
        reconnectAt = nil
        failuresInARow = 0
        authFailuresInARow = 0
        switch phase {
        case .idle: return
        case .discovery: endSession(cause: nil, now: now, reconnect: false)
        case .terminating: cause = nil
        default:
            cause = nil
            terminate(now: now)
        }
    }

    /// The router is going away (`softrtx run` stopping): a session that exists ends with a PADT now, since no
    /// one will be there to wait for a Terminate-Ack; nothing reconnects. The AC frees the session at once
    /// rather than after its missed echoes.
    public mutating func shutdown(now: Duration) {
        wanted = false
        reconnectAt = nil
        guard phase != .idle else { return }
        endSession(cause: nil, now: now, reconnect: false)
    }

    // MARK: Input

    public mutating func receive(_ payload: ByteBuffer, etherType: UInt16, source: MACAddress, now: Duration) {
        switch etherType {
        case EtherType.pppoeDiscovery:
            do { receiveDiscovery(try PPPoEDiscoveryPacket.parse(payload), from: source, now: now) } catch { outputs.append(.drop(error)) }
        case EtherType.pppoeSession:
            do {
                let (id, proto, body) = try PPPoESessionHeader.parse(payload)
                guard sessionID != 0, id == sessionID, source == offer?.ac, phase != .discovery, phase != .idle else {
                    outputs.append(.drop(.pppoeWrongSession))
                    return
                }
                receiveSession(protocol: proto, body, now: now)
            } catch {
                outputs.append(.drop(error))
            }
        default:
            outputs.append(.drop(.pppoeUnexpected))
        }
    }

    public mutating func advance(to now: Duration) {
        // Without `wanted` the hold-off stays, as a guard for the next `connect`.
        if let at = reconnectAt, at <= now, wanted {
            reconnectAt = nil
            if phase == .idle { startDiscovery(now: now) }
        }
        if let at = discoveryDeadline, at <= now { discoveryTimeout(now: now) }
        handleLCP(lcp.advance(to: now), now: now)
        handleIPCP(ipcp.advance(to: now), now: now)
        if let at = authDeadline, at <= now { authenticationTimeout(now: now) }
        if let at = echoAt, at <= now { keepaliveTick(now: now) }
    }

    // MARK: Ending

    /// Ends the session at once: PADT to the AC when a session exists, a "Disconnected" line, `.down` after an
    /// `.up`, and with `pp always-on` a reconnect after the hold-off.
    mutating func endSession(cause: String?, now: Duration, reconnect: Bool) {
        if sessionID != 0, let ac = offer?.ac {
            outputs.append(.frame(PPPoEDiscoveryPacket(code: .padt, sessionID: sessionID, tags: []).frame(destination: ac, source: mac)))
        }
        outputs.append(.pppoeLog(cause.map { "Disconnected, cause [\($0)]" } ?? "Disconnected"))
        if link != nil { outputs.append(.down(cause ?? "disconnected")) }
        lastCause = cause
        link = nil
        since = nil
        phase = .idle
        sessionID = 0
        discoveryDeadline = nil
        authDeadline = nil
        echoAt = nil
        self.cause = nil
        _ = lcp.down(now: now)
        _ = lcp.close(now: now)
        _ = ipcp.down(now: now)
        _ = ipcp.close(now: now)
        guard reconnect, cause != nil else { return }
        failuresInARow += 1
        let factor = 1 << min(failuresInARow - 1, 3)
        let holdoff = min(Self.firstHoldoff * factor, Self.maximumHoldoff)
        reconnectAt = now + holdoff
        if active.alwaysOn && authFailuresInARow >= Self.authFailureLimit {
            outputs.append(.log("Authentication failed \(authFailuresInARow) times in a row: not reconnecting"))
            wanted = false
        } else if !active.alwaysOn {
            wanted = false
        }
    }

    /// Closes LCP (Terminate-Request); the session ends when LCP finishes.
    mutating func terminate(now: Duration) {
        phase = .terminating
        authDeadline = nil
        echoAt = nil
        if link != nil {
            outputs.append(.down(cause ?? "disconnected"))
            link = nil
        }
        handleIPCP(ipcp.close(now: now), now: now)
        handleLCP(lcp.close(now: now), now: now)
        if lcp.state == .closed || lcp.state == .initial || lcp.state == .starting {
            endSession(cause: cause, now: now, reconnect: true)
        }
    }

    /// A reply to hostile input, within the per-second budget.
    mutating func replyBudget(now: Duration) -> Bool {
        if now - replyWindowStart >= .seconds(1) {
            replyWindowStart = now
            repliesInWindow = 0
        }
        guard repliesInWindow < Self.repliesPerSecond else { return false }
        repliesInWindow += 1
        return true
    }
}
