import NIOCore
import Wire

/// The session stage as the access concentrator: frames by protocol, authentication once LCP is
/// opened, IPCP once authenticated, echo keepalive, and the timers of all of them.
extension PPPoEServer {
    /// How long a session may take from PADS to IPCP opened: one that takes longer (a peer that
    /// never authenticates) is ended.
    static let establishLimit: Duration = .seconds(60)
    /// Protocol-Rejects a session gets per second at most.
    static let rejectsPerSecond = 10

    mutating func sessionFrame(_ payload: ByteBuffer, from source: MACAddress) {
        let parsed: (sessionID: UInt16, protocol: UInt16, body: ByteBuffer)
        do { parsed = try PPPoESessionHeader.parse(payload) } catch { return outputs.append(.drop(error)) }
        guard var session = table[parsed.sessionID], session.peer == source else { return outputs.append(.drop(.pppoeWrongSession)) }
        switch parsed.protocol {
        case PPPProtocol.ipv4:
            guard let opened = session.opened else { return outputs.append(.drop(.pppUnexpectedPhase)) }
            outputs.append(.ipv4(parsed.body, from: opened))
            return
        case PPPProtocol.lcp:
            let packet: PPPControlPacket
            do { packet = try PPPControlPacket.parse(parsed.body) } catch { return outputs.append(.drop(error)) }
            lcpInput(packet, &session)
        case PPPProtocol.pap:
            let packet: PAPPacket
            do { packet = try PAPPacket.parse(parsed.body) } catch { return outputs.append(.drop(error)) }
            papInput(packet, &session)
        case PPPProtocol.chap:
            let packet: CHAPPacket
            do { packet = try CHAPPacket.parse(parsed.body) } catch { return outputs.append(.drop(error)) }
            chapInput(packet, &session)
        case PPPProtocol.ipcp:
            // Before authentication IPCP is discarded, not rejected (RFC 1661 3.2): it is coming.
            guard session.ipcp != nil else { return outputs.append(.drop(.pppUnexpectedPhase)) }
            let packet: PPPControlPacket
            do { packet = try PPPControlPacket.parse(parsed.body) } catch { return outputs.append(.drop(error)) }
            ipcpInput(packet, &session)
        default:
            // IPv6CP, CCP and anything else we do not run: Protocol-Reject once LCP is opened (RFC 1661 5.7),
            // a few a second at most, so a flood of them is not reflected.
            outputs.append(.drop(.pppUnknownProtocol))
            guard session.lcp.isOpened else { break }
            if now - session.rejectWindowStart >= .seconds(1) {
                session.rejectWindowStart = now
                session.rejectsInWindow = 0
            }
            guard session.rejectsInWindow < Self.rejectsPerSecond else {
                outputs.append(.drop(.pppRejectRateLimited))
                break
            }
            session.rejectsInWindow += 1
            session.rejectIdentifier &+= 1
            var data = [UInt8(parsed.protocol >> 8), UInt8(truncatingIfNeeded: parsed.protocol)]
            // The rejected packet, cut so the Protocol-Reject fits the peer's MRU.
            data += parsed.body.getBytes(at: parsed.body.readerIndex, length: min(parsed.body.readableBytes, session.lcp.policy.peerMRU - 6)) ?? []
            sendControl(PPPControlPacket(code: .protocolReject, identifier: session.rejectIdentifier, data: data), PPPProtocol.lcp, session)
        }
        store(session)
    }

    /// Writes a session back unless it ended meanwhile.
    mutating func store(_ session: PPPoEServerSession) {
        guard table[session.id] != nil else { return }
        table[session.id] = session
    }

    mutating func sendControl(_ packet: PPPControlPacket, _ proto: UInt16, _ session: PPPoEServerSession) {
        send(packet.buffer, proto, session)
    }

    mutating func send(_ body: ByteBuffer, _ proto: UInt16, _ session: PPPoEServerSession) {
        var frame = body
        PPPoESessionHeader.prepend(sessionID: session.id, protocol: proto, to: &frame)
        EthernetHeader(destination: session.peer, source: mac, etherType: EtherType.pppoeSession).prepend(to: &frame)
        outputs.append(.frame(frame))
    }

    // MARK: Authentication

    /// LCP opened: CHAP sends its challenge, PAP waits for the peer's request; echo keepalive starts.
    mutating func lcpOpened(_ session: inout PPPoEServerSession) {
        session.echoAt = settings.echoInterval.map { now + $0 }
        guard case .waiting = session.auth, settings.auth == .chap else { return }
        let identifier = UInt8.random(in: 0...255, using: &random)
        let value = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        session.auth = .challenged(identifier: identifier, value: value, sent: 1, retryAt: now + settings.timing.restart)
        sendChallenge(identifier, value, session)
    }

    private mutating func sendChallenge(_ identifier: UInt8, _ value: [UInt8], _ session: PPPoEServerSession) {
        send(CHAPPacket(code: .challenge, identifier: identifier, value: value, name: Array(settings.acName.utf8)).buffer, PPPProtocol.chap, session)
    }

    private mutating func papInput(_ packet: PAPPacket, _ session: inout PPPoEServerSession) {
        guard settings.auth == .pap, session.lcp.isOpened, packet.code == .authenticateRequest else {
            return outputs.append(.drop(.pppUnexpectedPhase))
        }
        let user = String(decoding: packet.peerID, as: UTF8.self)
        if case let .succeeded(identifier) = session.auth {
            // Our Ack was lost: the peer asks again (RFC 1334 2.2.1).
            guard packet.identifier == identifier, user == session.username else { return outputs.append(.drop(.pppUnexpectedPhase)) }
            return send(PAPPacket.reply(.authenticateAck, identifier: packet.identifier, message: "Login ok").buffer, PPPProtocol.pap, session)
        }
        let accepted = settings.users[user].map { Array($0.utf8) == packet.password } ?? false
        send(PAPPacket.reply(accepted ? .authenticateAck : .authenticateNak, identifier: packet.identifier,
                             message: accepted ? "Login ok" : "Authentication failure").buffer, PPPProtocol.pap, session)
        authenticated(accepted, user: user, identifier: packet.identifier, "PAP", &session)
    }

    private mutating func chapInput(_ packet: CHAPPacket, _ session: inout PPPoEServerSession) {
        guard settings.auth == .chap, session.lcp.isOpened, packet.code == .response else { return outputs.append(.drop(.pppUnexpectedPhase)) }
        let user = String(decoding: packet.name, as: UTF8.self)
        switch session.auth {
        case let .succeeded(identifier):
            // Our Success was lost (RFC 1994 4.2): the same response gets it again.
            guard packet.identifier == identifier, user == session.username else { return outputs.append(.drop(.chapStaleResponse)) }
            send(CHAPPacket(code: .success, identifier: identifier, message: Array("Welcome".utf8)).buffer, PPPProtocol.chap, session)
        case let .challenged(identifier, value, _, _):
            guard packet.identifier == identifier else { return outputs.append(.drop(.chapStaleResponse)) }
            let accepted = settings.users[user].map { CHAPMD5.response(identifier: identifier, secret: Array($0.utf8), challenge: value) == packet.value } ?? false
            send(CHAPPacket(code: accepted ? .success : .failure, identifier: identifier,
                            message: Array((accepted ? "Welcome" : "Authentication failure").utf8)).buffer, PPPProtocol.chap, session)
            authenticated(accepted, user: user, identifier: identifier, "CHAP", &session)
        case .waiting:
            outputs.append(.drop(.chapStaleResponse))
        }
    }

    /// After an Ack or Success: an address from the pool and IPCP; after a Nak or Failure: LCP closes.
    private mutating func authenticated(_ accepted: Bool, user: String, identifier: UInt8, _ method: String, _ session: inout PPPoEServerSession) {
        guard accepted else {
            // No more challenges: LCP closes.
            session.auth = .waiting
            outputs.append(.log("session \(session.id) \(session.peer): \(method) authentication failed for '\(user)'"))
            return closeLCP(&session, reason: "authentication failed")
        }
        session.auth = .succeeded(identifier: identifier)
        session.username = user
        guard let address = allocateAddress() else {
            outputs.append(.log("session \(session.id) \(session.peer) \(user): address pool exhausted"))
            return closeLCP(&session, reason: "address pool exhausted")
        }
        session.address = address
        outputs.append(.log("session \(session.id) \(session.peer) \(user): \(method) authenticated, address \(address)"))
        startIPCP(&session, address: address)
    }

    // MARK: Keepalive and timers

    public mutating func advance(to now: Duration) {
        guard now >= self.now else { return }
        self.now = now
        for id in table.keys.sorted() {
            guard var session = table[id], let deadline = session.nextDeadline, deadline <= now else { continue }
            if session.opened == nil, session.created + Self.establishLimit <= now {
                end(session, reason: "not established within \(Self.establishLimit.components.seconds) s")
                continue
            }
            negotiationTimers(&session)
            guard table[id] != nil else { continue }
            if case let .challenged(identifier, value, sent, retryAt) = session.auth, retryAt <= now {
                guard sent < settings.timing.maxConfigure else {
                    closeLCP(&session, reason: "no CHAP response")
                    store(session)
                    continue
                }
                session.auth = .challenged(identifier: identifier, value: value, sent: sent + 1, retryAt: now + settings.timing.restart)
                sendChallenge(identifier, value, session)
            }
            if let echoAt = session.echoAt, echoAt <= now, let interval = settings.echoInterval {
                guard session.unanswered < settings.echoFailures else {
                    end(session, reason: "no LCP echo reply (\(session.unanswered) requests)")
                    continue
                }
                session.unanswered += 1
                session.echoIdentifier &+= 1
                session.echoAt = now + interval
                sendControl(PPPControlPacket(code: .echoRequest, identifier: session.echoIdentifier,
                                             data: session.lcp.policy.magicNumber.bytes), PPPProtocol.lcp, session)
            }
            store(session)
        }
    }
}

private extension UInt32 {
    var bytes: [UInt8] { IPv4Address(self).bytes }
}
