import Wire

/// One session the access concentrator holds, from its PADS until its PADT: LCP, authentication,
/// IPCP and keepalive state.
struct PPPoEServerSession: Sendable {
    enum Auth: Equatable, Sendable {
        /// LCP not opened yet, or PAP waiting for the peer's request.
        case waiting
        /// CHAP: our challenge is out.
        case challenged(identifier: UInt8, value: [UInt8], sent: Int, retryAt: Duration)
        /// Authenticated; the identifier answered, so a repeated request or response gets the same success.
        case succeeded(identifier: UInt8)
    }

    let id: UInt16
    let peer: MACAddress
    let hostUniq: [UInt8]?
    let created: Duration
    var lcp: PPPNegotiation<ServerLCPPolicy>
    var auth: Auth = .waiting
    var username: String?
    /// Allocated when authentication succeeds.
    var address: IPv4Address?
    var ipcp: PPPNegotiation<ServerIPCPPolicy>?
    var opened: PPPoEServer.Session?
    /// Why we closed LCP, for the log and the PADT once it finishes.
    var closeReason: String?
    /// LCP echo: when the next request goes, how many in a row went unanswered, the last identifier.
    var echoAt: Duration?
    var unanswered = 0
    var echoIdentifier: UInt8 = 0
    /// Identifiers of our Protocol-Rejects, and how many went out in the current second.
    var rejectIdentifier: UInt8 = 0
    var rejectWindowStart: Duration = .zero
    var rejectsInWindow = 0

    init(id: UInt16, peer: MACAddress, hostUniq: [UInt8]?, created: Duration, settings: PPPoEServerSettings, random: inout SeededGenerator) {
        self.id = id
        self.peer = peer
        self.hostUniq = hostUniq
        self.created = created
        lcp = PPPNegotiation(policy: ServerLCPPolicy(mru: settings.mru, auth: settings.auth, random: random.derived("lcp")),
                             timing: settings.timing)
        _ = random.next()
    }

    var authenticated: Bool { if case .succeeded = auth { true } else { false } }

    var nextDeadline: Duration? {
        var deadlines = [lcp.nextDeadline, ipcp?.nextDeadline, echoAt]
        if case let .challenged(_, _, _, retryAt) = auth { deadlines.append(retryAt) }
        if opened == nil { deadlines.append(created + PPPoEServer.establishLimit) }
        return deadlines.compactMap { $0 }.min()
    }
}
