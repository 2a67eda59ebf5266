import Crypto
import NIOCore
import Wire

/// PPPoE discovery as the access concentrator (RFC 2516 5): a PADO to each PADI we can serve, a
/// PADS with a fresh session id to a PADR that returns our cookie, and PADT from either side.
extension PPPoEServer {
    mutating func discovery(_ payload: ByteBuffer, from source: MACAddress) {
        let packet: PPPoEDiscoveryPacket
        do { packet = try PPPoEDiscoveryPacket.parse(payload) } catch { return outputs.append(.drop(error)) }
        guard !source.isGroup else { return outputs.append(.drop(.pppoeGroupSource)) }
        switch packet.code {
        case .padi: padi(packet, from: source)
        case .padr: padr(packet, from: source)
        case .padt: padt(packet, from: source)
        default: outputs.append(.drop(.pppoeUnexpected))
        }
    }

    /// The service we serve for a request, or nil when we serve none of it. An empty name asks for any.
    private func service(for packet: PPPoEDiscoveryPacket) -> String? {
        guard let asked = packet.serviceName else { return nil }
        guard let offered = settings.serviceName else { return asked }
        return asked.isEmpty || asked == offered ? offered : nil
    }

    /// The tags every reply echoes: Host-Uniq and Relay-Session-Id (RFC 2516 Appendix A).
    private func echoed(_ packet: PPPoEDiscoveryPacket) -> [PPPoETag] {
        [PPPoETagType.hostUniq, PPPoETagType.relaySessionID].compactMap { packet.tag($0) }
    }

    /// MD5(secret | MAC): the same for every PADI from a MAC, so a PADR answering any of our PADOs is accepted.
    func cookie(for peer: MACAddress) -> [UInt8] {
        Array(Insecure.MD5.hash(data: cookieSecret + peer.bytes))
    }

    private mutating func padi(_ packet: PPPoEDiscoveryPacket, from source: MACAddress) {
        guard packet.serviceName != nil else { return outputs.append(.drop(.pppoeNoServiceName)) }
        guard let service = service(for: packet) else { return outputs.append(.drop(.pppoeServiceUnavailable)) }
        // A full concentrator stays silent, so the host may find another.
        guard table.count < settings.maxSessions else { return outputs.append(.drop(.pppoeServerFull)) }
        let tags: [PPPoETag] = [.acName(settings.acName), .serviceName(service)] + echoed(packet) + [.acCookie(cookie(for: source))]
        outputs.append(.frame(PPPoEDiscoveryPacket(code: .pado, tags: tags).frame(destination: source, source: mac)))
    }

    private mutating func padr(_ packet: PPPoEDiscoveryPacket, from source: MACAddress) {
        guard packet.acCookie == cookie(for: source) else { return outputs.append(.drop(.pppoeBadCookie)) }
        let hostUniq = packet.hostUniq
        // A PADR repeated because our PADS was lost gets the same session again.
        if let existing = table.values.first(where: { $0.peer == source && $0.hostUniq == hostUniq && $0.opened == nil && !$0.authenticated }) {
            return pads(existing.id, service: packet.serviceName ?? "", packet, to: source)
        }
        guard let service = service(for: packet) else {
            outputs.append(.drop(.pppoeServiceUnavailable))
            let tags: [PPPoETag] = [PPPoETag(type: PPPoETagType.serviceNameError, value: Array("service not offered".utf8))] + echoed(packet)
            return outputs.append(.frame(PPPoEDiscoveryPacket(code: .pads, tags: tags).frame(destination: source, source: mac)))
        }
        guard table.count < settings.maxSessions, let id = freeSessionID() else {
            outputs.append(.drop(.pppoeServerFull))
            let tags: [PPPoETag] = [PPPoETag(type: PPPoETagType.acSystemError, value: Array("session limit reached".utf8))] + echoed(packet)
            return outputs.append(.frame(PPPoEDiscoveryPacket(code: .pads, tags: tags).frame(destination: source, source: mac)))
        }
        table[id] = PPPoEServerSession(id: id, peer: source, hostUniq: hostUniq, created: now, settings: settings, random: &random)
        pads(id, service: service, packet, to: source)
        outputs.append(.log("PADS to \(source): session \(id)"))
        startLCP(id)
    }

    private mutating func pads(_ id: UInt16, service: String, _ packet: PPPoEDiscoveryPacket, to source: MACAddress) {
        let tags: [PPPoETag] = [.serviceName(service), .acName(settings.acName)] + echoed(packet)
        outputs.append(.frame(PPPoEDiscoveryPacket(code: .pads, sessionID: id, tags: tags).frame(destination: source, source: mac)))
    }

    private mutating func padt(_ packet: PPPoEDiscoveryPacket, from source: MACAddress) {
        guard let session = table[packet.sessionID], session.peer == source else { return outputs.append(.drop(.pppoeWrongSession)) }
        end(session, reason: "PADT from the peer", padt: false)
    }

    /// Session ids go round from 1 to 0xFFFE (0 and 0xFFFF are reserved, RFC 2516 4), skipping live ones.
    private mutating func freeSessionID() -> UInt16? {
        for _ in 0..<0xFFFE {
            lastSessionID = lastSessionID >= 0xFFFE ? 1 : lastSessionID + 1
            if table[lastSessionID] == nil { return lastSessionID }
        }
        return nil
    }
}
