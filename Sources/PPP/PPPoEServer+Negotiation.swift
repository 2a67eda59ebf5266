import Wire

/// LCP and IPCP of each session run on the RFC 1661 automaton; this is what the concentrator does
/// at its layer events: authentication when LCP opens, the session's address when IPCP opens, and
/// a PADT when LCP finishes.
extension PPPoEServer {
    mutating func startLCP(_ id: UInt16) {
        guard var session = table[id] else { return }
        let events = session.lcp.open(request: session.lcpOptions.request, now: now)
        lcpEvents(events, &session)
        store(session)
    }

    mutating func lcpInput(_ packet: PPPControlPacket, _ session: inout PPPoEServerSession) {
        switch packet.code {
        case .echoRequest, .echoReply, .discardRequest:
            guard session.lcp.isOpened else { return }
            echoInput(packet, &session)
        case .protocolReject:
            // The peer refusing IPCP leaves it nothing to use the session for.
            if packet.rejectedProtocol == PPPProtocol.ipcp { closeLCP(&session, reason: "IPCP rejected by the peer") }
        default:
            var options = session.lcpOptions
            var keepAuth = true
            let events = session.lcp.receive(packet, now: now,
                                             review: { options.review($0, random: &random) },
                                             naked: { options.naked($0, random: &random); return options.request },
                                             rejected: { keepAuth = options.rejected($0) && keepAuth; return options.request })
            session.lcpOptions = options
            lcpEvents(events, &session)
            if !keepAuth { closeLCP(&session, reason: "the peer refused to authenticate") }
        }
    }

    mutating func ipcpInput(_ packet: PPPControlPacket, _ session: inout PPPoEServerSession) {
        guard var ipcp = session.ipcp, var options = session.ipcpOptions else { return }
        let events = ipcp.receive(packet, now: now, review: { options.review($0) }, naked: { _ in options.request },
                                  rejected: { options.rejected($0); return options.request })
        session.ipcp = ipcp
        session.ipcpOptions = options
        ipcpEvents(events, &session)
    }

    mutating func startIPCP(_ session: inout PPPoEServerSession) {
        guard let options = session.ipcpOptions else { return }
        var ipcp = PPPNegotiation(protocol: PPPProtocol.ipcp, settings: settings)
        let events = ipcp.open(request: options.request, now: now)
        session.ipcp = ipcp
        ipcpEvents(events, &session)
    }

    /// Closes LCP (Terminate-Request); the session ends with a PADT when the peer acks or the requests run out.
    mutating func closeLCP(_ session: inout PPPoEServerSession, reason: String) {
        session.closeReason = session.closeReason ?? reason
        lcpEvents(session.lcp.close(now: now), &session)
    }

    /// `terminate`: LCP close for a session in LCP, at once for one still in discovery.
    mutating func close(_ id: UInt16, reason: String) {
        guard var session = table[id] else { return }
        closeLCP(&session, reason: reason)
        store(session)
    }

    /// Retransmissions and give-ups of both automatons.
    mutating func negotiationTimers(_ session: inout PPPoEServerSession) {
        lcpEvents(session.lcp.advance(to: now), &session)
        guard table[session.id] != nil, var ipcp = session.ipcp else { return }
        let events = ipcp.advance(to: now)
        session.ipcp = ipcp
        ipcpEvents(events, &session)
    }

    private mutating func lcpEvents(_ events: [PPPNegotiation.Event], _ session: inout PPPoEServerSession) {
        for event in events {
            switch event {
            case let .send(packet): sendControl(packet, PPPProtocol.lcp, session)
            case .up:
                lcpOpened(&session)
            case .down:
                session.echoAt = nil
                // The network layer goes with LCP (RFC 1661 3.7).
                if var ipcp = session.ipcp { _ = ipcp.lowerDown(); session.ipcp = ipcp }
            case .finished:
                return end(session, reason: session.closeReason ?? "LCP closed by the peer")
            }
        }
    }

    private mutating func ipcpEvents(_ events: [PPPNegotiation.Event], _ session: inout PPPoEServerSession) {
        for event in events {
            switch event {
            case let .send(packet): sendControl(packet, PPPProtocol.ipcp, session)
            case .up:
                guard session.opened == nil, let address = session.address, let user = session.username else { continue }
                let opened = Session(id: session.id, mac: session.peer, username: user, address: address, since: now,
                                     mru: session.lcpOptions.peerMRU)
                session.opened = opened
                owners[address] = session.id
                outputs.append(.sessionUp(opened))
                outputs.append(.log("session \(session.id) \(session.peer) \(user): IPCP up, \(address)"))
            case .down:
                break
            case .finished:
                closeLCP(&session, reason: "IPCP failed")
            }
        }
    }
}
