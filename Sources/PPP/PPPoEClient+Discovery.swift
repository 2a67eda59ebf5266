import NIOCore
import Wire

// RFC 2516 5: PADI (broadcast) -> PADO (first acceptable) -> PADR -> PADS, and PADT either way.
extension PPPoEClient {
    mutating func startDiscovery(now: Duration) {
        active = settings
        lcp = PPPNegotiation(policy: LCPClientPolicy(mru: active.mru, magicNumber: active.magicNumber,
                                                     acceptedAuth: credentialsAvailable ? active.acceptedAuth : [],
                                                     random: random.derived("lcp\(random.next())")),
                             timing: active.lcpTiming)
        ipcp = PPPNegotiation(policy: IPCPClientPolicy(requestAddress: active.requestAddress, requestDNS: active.requestDNS),
                              timing: active.ipcpTiming)
        hostUniq = (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        offer = nil
        rivalOffer = false
        sessionID = 0
        authProtocol = nil
        echoRequestsSent = 0
        echoRepliesReceived = 0
        phase = .discovery
        attempts = 0
        outputs.append(.pppoeLog("Connecting to PPPoE server"))
        sendPADI(now: now)
    }

    /// The port came up. `softrtx run` opens its ports after the router applied its config, so the PADI of a pp
    /// dialled at start never left: a discovery still without an offer sends its PADI again now, rather than
    /// 3 s later at the retransmission timer. Any other phase carries on.
    public mutating func linkUp(now: Duration) {
        guard phase == .discovery, offer == nil else { return }
        attempts = 0
        sendPADI(now: now)
    }

    /// RTX refuses to authenticate itself without `pp auth myname` (command reference 11.2).
    var credentialsAvailable: Bool { active.username != nil && active.password != nil }

    private var serviceTag: PPPoETag { .serviceName(active.serviceName ?? "") }

    private mutating func sendPADI(now: Duration) {
        attempts += 1
        let padi = PPPoEDiscoveryPacket(code: .padi, tags: [serviceTag, .hostUniq(hostUniq)])
        outputs.append(.frame(padi.frame(destination: .broadcast, source: mac)))
        discoveryDeadline = now + backoff(active.padiRestart)
    }

    private mutating func sendPADR(now: Duration) {
        guard let offer else { return }
        attempts += 1
        var tags = [serviceTag, PPPoETag.hostUniq(hostUniq)]
        if let cookie = offer.cookie { tags.append(.acCookie(cookie)) }
        if let relay = offer.relaySessionID { tags.append(PPPoETag(type: PPPoETagType.relaySessionID, value: relay)) }
        outputs.append(.frame(PPPoEDiscoveryPacket(code: .padr, tags: tags).frame(destination: offer.ac, source: mac)))
        discoveryDeadline = now + backoff(active.padrRestart)
    }

    /// The wait after the n-th transmission: the restart time, doubled each time (RFC 2516 5.1), capped.
    private func backoff(_ restart: Duration) -> Duration {
        restart * min(1 << min(attempts - 1, 16), Self.maximumBackoffFactor)
    }

    mutating func discoveryTimeout(now: Duration) {
        discoveryDeadline = nil
        guard phase == .discovery else { return }
        if offer == nil {
            if attempts <= active.padiMaxRetry { sendPADI(now: now) } else { endSession(cause: "PPPoE: PADI Timeout", now: now, reconnect: true) }
        } else if rivalOffer {
            // Another AC answered our PADI too, and the chosen one leaves our PADR unanswered: perhaps a fake
            // that won the race. Trying another AC means a new discovery (RFC 2516 5.3), at once rather than
            // after the PADR retries and the hold-off (93 s and more with the defaults).
            offer = nil
            rivalOffer = false
            attempts = 0
            sendPADI(now: now)
        } else {
            if attempts <= active.padrMaxRetry { sendPADR(now: now) } else { endSession(cause: "PPPoE: PADR Timeout", now: now, reconnect: true) }
        }
    }

    mutating func receiveDiscovery(_ packet: PPPoEDiscoveryPacket, from source: MACAddress, now: Duration) {
        switch packet.code {
        case .pado: receivePADO(packet, from: source, now: now)
        case .pads: receivePADS(packet, from: source, now: now)
        case .padt:
            guard sessionID != 0, packet.sessionID == sessionID, source == offer?.ac else {
                outputs.append(.drop(.pppoeWrongSession))
                return
            }
            // The AC ended the session: nothing more can be sent in it, not even a Terminate-Request.
            sessionID = 0
            endSession(cause: "PPPoE: Received PADT", now: now, reconnect: true)
        default:
            outputs.append(.drop(.pppoeUnexpected))
        }
    }

    private mutating func receivePADO(_ packet: PPPoEDiscoveryPacket, from source: MACAddress, now: Duration) {
        guard phase == .discovery else { return outputs.append(.drop(.pppoeUnexpected)) }
        guard offer == nil else {
            if packet.hostUniq == hostUniq, source != offer?.ac, !source.isGroup { rivalOffer = true }
            return outputs.append(.drop(.pppoeExtraOffer))
        }
        guard packet.hostUniq == hostUniq else { return outputs.append(.drop(.pppoeWrongHostUniq)) }
        guard !source.isGroup, source != .zero, packet.error == nil, let acName = packet.acName else {
            return outputs.append(.drop(.pppoeACMismatch))
        }
        if let wanted = active.accessConcentrator, acName != wanted { return outputs.append(.drop(.pppoeACMismatch)) }
        // An AC lists the services it offers; an empty Service-Name (any) is always on offer.
        let services = packet.tags.filter { $0.type == PPPoETagType.serviceName }.map(\.text)
        if let service = active.serviceName, !service.isEmpty, !services.contains(service) {
            return outputs.append(.drop(.pppoeACMismatch))
        }
        offer = Offer(ac: source, acName: acName, cookie: packet.acCookie, relaySessionID: packet.relaySessionID)
        attempts = 0
        sendPADR(now: now)
    }

    private mutating func receivePADS(_ packet: PPPoEDiscoveryPacket, from source: MACAddress, now: Duration) {
        guard phase == .discovery, let offer, sessionID == 0, source == offer.ac else {
            return outputs.append(.drop(.pppoeUnexpected))
        }
        guard packet.hostUniq == hostUniq else { return outputs.append(.drop(.pppoeWrongHostUniq)) }
        if let error = packet.error {
            // RFC 2516 5.4: the AC refused (Service-Name-Error ...): discovery starts over after the hold-off.
            endSession(cause: "PPPoE: \(error.text.isEmpty ? "PADS error" : error.text)", now: now, reconnect: true)
            return
        }
        guard packet.sessionID != 0 else { return outputs.append(.drop(.pppoeUnexpected)) }
        sessionID = packet.sessionID
        discoveryDeadline = nil
        phase = .establish
        outputs.append(.pppoeLog("PPPoE Connect"))
        handleLCP(lcp.open(now: now), now: now)
        handleLCP(lcp.up(now: now), now: now)
    }
}
