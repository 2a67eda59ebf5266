import Wire

/// LCP and IPCP of each session run on the RFC 1661 automaton (`PPPNegotiation`); this is what the
/// concentrator does with its actions: authentication when LCP is up, the session's address when
/// IPCP is up, and a PADT when LCP finishes.
extension PPPoEServer {
    /// After the PADS: the link is there (Up) and we want it (Open), so our Configure-Request goes.
    mutating func startLCP(_ id: UInt16) {
        guard var session = table[id] else { return }
        let actions = session.lcp.up(now: now) + session.lcp.open(now: now)
        lcpActions(actions, &session)
        store(session)
    }

    mutating func lcpInput(_ packet: PPPControlPacket, _ session: inout PPPoEServerSession) {
        lcpActions(session.lcp.receive(packet, now: now), &session)
        if session.lcp.policy.authRefused, table[session.id] != nil {
            closeLCP(&session, reason: "the peer refused to authenticate")
        }
    }

    mutating func ipcpInput(_ packet: PPPControlPacket, _ session: inout PPPoEServerSession) {
        guard var ipcp = session.ipcp else { return }
        let actions = ipcp.receive(packet, now: now)
        session.ipcp = ipcp
        ipcpActions(actions, &session)
    }

    mutating func startIPCP(_ session: inout PPPoEServerSession, address: IPv4Address) {
        var ipcp = PPPNegotiation(policy: ServerIPCPPolicy(localAddress: settings.localAddress, peerAddress: address, dns: settings.dns),
                                  timing: settings.timing)
        let actions = ipcp.up(now: now) + ipcp.open(now: now)
        session.ipcp = ipcp
        ipcpActions(actions, &session)
    }

    /// Closes LCP (Terminate-Request); the session ends with a PADT when the peer acks or the
    /// requests run out, or at once when LCP has nothing to close.
    mutating func closeLCP(_ session: inout PPPoEServerSession, reason: String) {
        session.closeReason = session.closeReason ?? reason
        lcpActions(session.lcp.close(now: now), &session)
        if table[session.id] != nil, session.lcp.state != .closing, session.lcp.state != .stopping {
            end(session, reason: reason)
        }
    }

    /// `terminate`: an LCP close.
    mutating func close(_ id: UInt16, reason: String) {
        guard var session = table[id] else { return }
        closeLCP(&session, reason: reason)
        store(session)
    }

    /// Retransmissions and give-ups of both automatons.
    mutating func negotiationTimers(_ session: inout PPPoEServerSession) {
        lcpActions(session.lcp.advance(to: now), &session)
        guard table[session.id] != nil, var ipcp = session.ipcp else { return }
        let actions = ipcp.advance(to: now)
        session.ipcp = ipcp
        ipcpActions(actions, &session)
    }

    private mutating func lcpActions(_ actions: [PPPNegotiationAction], _ session: inout PPPoEServerSession) {
        for action in actions {
            switch action {
            case let .send(packet): sendControl(packet, PPPProtocol.lcp, session)
            case .layerUp: lcpOpened(&session)
            case .layerDown:
                // Our own close goes on to its Terminate-Ack. The peer's Terminate-Request or a new
                // Configure-Request in Opened ends the session at once: a PADT, and the peer dials again.
                session.echoAt = nil
                guard session.closeReason != nil else { return end(session, reason: "LCP down by the peer") }
            case .layerStarted: break
            case let .layerFinished(why):
                return end(session, reason: session.closeReason ?? "LCP \(why)")
            case let .received(packet):
                if packet.code == .echoReply, packet.identifier == session.echoIdentifier { session.unanswered = 0 }
            case let .protocolRejected(proto):
                // A peer refusing IPCP has nothing to use the session for.
                guard proto == PPPProtocol.ipcp, var ipcp = session.ipcp else { continue }
                let rejected = ipcp.peerRejected(now: now)
                session.ipcp = ipcp
                ipcpActions(rejected, &session)
            case let .codeRejected(code):
                if code == .echoRequest { session.echoAt = nil }
            case let .drop(reason): outputs.append(.drop(reason))
            }
        }
    }

    private mutating func ipcpActions(_ actions: [PPPNegotiationAction], _ session: inout PPPoEServerSession) {
        for action in actions {
            switch action {
            case let .send(packet): sendControl(packet, PPPProtocol.ipcp, session)
            case .layerUp:
                guard session.opened == nil, let address = session.address, let user = session.username else { continue }
                let opened = Session(id: session.id, mac: session.peer, username: user, address: address, since: now,
                                     mru: session.lcp.policy.peerMRU)
                session.opened = opened
                owners[address] = session.id
                outputs.append(.sessionUp(opened))
                outputs.append(.log("session \(session.id) \(session.peer) \(user): IPCP up, \(address)"))
            case let .layerFinished(why):
                return closeLCP(&session, reason: "IPCP \(why)")
            case let .drop(reason): outputs.append(.drop(reason))
            case .layerDown, .layerStarted, .received, .protocolRejected, .codeRejected: break
            }
        }
    }
}
