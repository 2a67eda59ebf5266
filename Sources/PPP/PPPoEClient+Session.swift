import NIOCore
import Wire

// The PPP session inside PPPoE: LCP, authentication as the authenticatee, IPCP and the LCP echo keepalive.
extension PPPoEClient {
    mutating func receiveSession(protocol proto: UInt16, _ body: ByteBuffer, now: Duration) {
        switch proto {
        case PPPProtocol.lcp:
            do { handleLCP(lcp.receive(try PPPControlPacket.parse(body), now: now), now: now) } catch { outputs.append(.drop(error)) }
        case PPPProtocol.pap:
            do { receivePAP(try PAPPacket.parse(body), now: now) } catch { outputs.append(.drop(error)) }
        case PPPProtocol.chap:
            do { receiveCHAP(try CHAPPacket.parse(body), now: now) } catch { outputs.append(.drop(error)) }
        case PPPProtocol.ipcp:
            // NCP packets before the network phase are discarded (RFC 1661 3.2 and 3.4).
            guard phase == .network || phase == .opened else { return outputs.append(.drop(.pppUnexpectedPhase)) }
            do { handleIPCP(ipcp.receive(try PPPControlPacket.parse(body), now: now), now: now) } catch { outputs.append(.drop(error)) }
        default:
            // IPv4 is the router's (it never reaches here while the link is up); anything else is refused with a
            // Protocol-Reject once LCP is open (RFC 1661 5.7), within the reply budget.
            outputs.append(.drop(.pppUnknownProtocol))
            guard lcp.isOpened, proto != PPPProtocol.ipv4 else { return }
            guard replyBudget(now: now) else { return outputs.append(.drop(.pppRejectRateLimited)) }
            echoIdentifier &+= 1
            let data = [UInt8(proto >> 8), UInt8(truncatingIfNeeded: proto)] + Array(body.readableBytesView.prefix(1400))
            sendSession(PPPProtocol.lcp, PPPControlPacket(code: .protocolReject, identifier: echoIdentifier, data: data).buffer)
        }
    }

    mutating func sendSession(_ proto: UInt16, _ body: ByteBuffer) {
        guard sessionID != 0, let ac = offer?.ac else { return }
        var frame = body
        PPPoESessionHeader.prepend(sessionID: sessionID, protocol: proto, to: &frame)
        EthernetHeader(destination: ac, source: mac, etherType: EtherType.pppoeSession).prepend(to: &frame)
        outputs.append(.frame(frame))
    }

    // MARK: LCP

    mutating func handleLCP(_ actions: [PPPNegotiationAction], now: Duration) {
        for action in actions {
            switch action {
            case .send(let packet): sendSession(PPPProtocol.lcp, packet.buffer)
            case .layerUp: lcpUp(now: now)
            case .layerDown:
                authDeadline = nil
                echoAt = nil
                handleIPCP(ipcp.down(now: now), now: now)
                if phase != .terminating { phase = .establish }
            case .layerStarted: break
            case .layerFinished(let end):
                let why = cause ?? (phase == .terminating ? nil : "PPP: LCP \(end)")
                endSession(cause: why, now: now, reconnect: true)
            case .received(let packet): lcpReceived(packet)
            case .protocolRejected(let proto):
                if proto == PPPProtocol.ipcp { handleIPCP(ipcp.peerRejected(now: now), now: now) }
            case .codeRejected(let code):
                if code == .echoRequest {
                    echoAt = nil
                    outputs.append(.log("LCP Echo-Request rejected by peer: keepalive stopped"))
                }
            case .drop(let reason): outputs.append(.drop(reason))
            }
        }
    }

    private mutating func lcpUp(now: Duration) {
        if let keepalive = active.keepalive {
            echoMissed = 0
            echoOutstanding = false
            echoAt = now + keepalive.interval
        }
        authProtocol = lcp.policy.peerAuth
        switch authProtocol {
        case .pap:
            phase = .authenticate
            authAttempts = 0
            sendAuthenticateRequest(now: now)
        case .chap:
            phase = .authenticate
            authDeadline = now + active.chapRestart * active.papMaxAuthReq
        case nil:
            networkPhase(now: now)
        }
    }

    private mutating func lcpReceived(_ packet: PPPControlPacket) {
        guard packet.code == .echoReply else { return }
        // Any reply from the AC proves the link alive; a reply carrying our own magic is our own echo looped back.
        if lcp.policy.magicNumber != 0, packet.magicNumber == lcp.policy.magicNumber {
            return outputs.append(.drop(.pppLoopedBack))
        }
        echoRepliesReceived += 1
        echoOutstanding = false
        echoMissed = 0
    }

    // MARK: Authentication (RFC 1334, RFC 1994)

    private mutating func sendAuthenticateRequest(now: Duration) {
        authAttempts += 1
        authIdentifier &+= 1
        let request = PAPPacket.request(identifier: authIdentifier, peerID: Array((active.username ?? "").utf8),
                                        password: Array((active.password ?? "").utf8))
        sendSession(PPPProtocol.pap, request.buffer)
        authDeadline = now + active.papRestart
    }

    mutating func authenticationTimeout(now: Duration) {
        authDeadline = nil
        guard phase == .authenticate else { return }
        if authProtocol == .pap, authAttempts < active.papMaxAuthReq {
            sendAuthenticateRequest(now: now)
            return
        }
        outputs.append(.log("\(authProtocol.map { "\($0)" } ?? "PPP") authentication timeout"))
        authenticationFailed(now: now)
    }

    private mutating func receivePAP(_ packet: PAPPacket, now: Duration) {
        guard phase == .authenticate, authProtocol == .pap, packet.code != .authenticateRequest,
              packet.identifier == authIdentifier else { return outputs.append(.drop(.pppUnexpectedPhase)) }
        authDeadline = nil
        if packet.code == .authenticateAck {
            networkPhase(now: now)
        } else {
            // Wording inferred from the CHAP line an RTX prints; no capture of the PAP one was found.
            outputs.append(.log("RECV PAP Nak in CS_OPEN/SS_CLOSED"))
            authenticationFailed(now: now)
        }
    }

    private mutating func receiveCHAP(_ packet: CHAPPacket, now: Duration) {
        // The authenticator may challenge again at any time once the link is open (RFC 1994 2).
        guard authProtocol == .chap, [.authenticate, .network, .opened].contains(phase) else {
            return outputs.append(.drop(.pppUnexpectedPhase))
        }
        switch packet.code {
        case .challenge:
            guard !packet.value.isEmpty else { return outputs.append(.drop(.chapBadLength)) }
            authIdentifier = packet.identifier
            let value = CHAPMD5.response(identifier: packet.identifier, secret: Array((active.password ?? "").utf8),
                                         challenge: packet.value)
            let response = CHAPPacket(code: .response, identifier: packet.identifier, value: value,
                                      name: Array((active.username ?? "").utf8))
            sendSession(PPPProtocol.chap, response.buffer)
        case .success:
            guard packet.identifier == authIdentifier else { return outputs.append(.drop(.pppUnexpectedPhase)) }
            authDeadline = nil
            if phase == .authenticate { networkPhase(now: now) }
        case .failure:
            guard packet.identifier == authIdentifier else { return outputs.append(.drop(.pppUnexpectedPhase)) }
            authDeadline = nil
            // As an RTX prints it (seen in YAMAHA's troubleshooting log samples).
            outputs.append(.log("RECV CHAP Failure in CS_OPEN/SS_CLOSED"))
            authenticationFailed(now: now)
        case .response:
            outputs.append(.drop(.pppUnexpectedPhase))
        }
    }

    private mutating func authenticationFailed(now: Duration) {
        authFailuresInARow += 1
        cause = "PPP: Authentication failed"
        terminate(now: now)
    }

    // MARK: IPCP

    private mutating func networkPhase(now: Duration) {
        phase = .network
        authFailuresInARow = 0
        handleIPCP(ipcp.open(now: now), now: now)
        handleIPCP(ipcp.up(now: now), now: now)
    }

    mutating func handleIPCP(_ actions: [PPPNegotiationAction], now: Duration) {
        for action in actions {
            switch action {
            case .send(let packet): sendSession(PPPProtocol.ipcp, packet.buffer)
            case .layerUp: ipcpUp(now: now)
            case .layerDown:
                if link != nil {
                    link = nil
                    since = nil
                    outputs.append(.down("PPP: IPCP down"))
                }
                if phase == .opened { phase = .network }
            case .layerFinished(let end):
                // Without IPv4 the session is no use: an RTX hangs up.
                guard phase == .network || phase == .opened else { break }
                cause = "PPP: IPCP \(end)"
                terminate(now: now)
            case .layerStarted, .received, .protocolRejected, .codeRejected: break
            case .drop(let reason): outputs.append(.drop(reason))
            }
        }
    }

    private mutating func ipcpUp(now: Duration) {
        let policy = ipcp.policy
        let peerMRU = lcp.policy.peerMRU ?? 1500
        let address = policy.address ?? .any
        let up = Link(sessionID: sessionID, accessConcentrator: offer?.ac ?? .zero, acName: offer?.acName, address: address,
                      peerAddress: policy.peerAddress, dns: policy.dns, mtu: min(peerMRU, LCPClientPolicy.maximumMRU))
        link = up
        since = now
        phase = .opened
        failuresInARow = 0
        reconnectAt = nil
        let local = address == .any ? "None" : "\(address)"
        outputs.append(.log("PPP/IPCP up  (Local: \(local), Remote: \(policy.peerAddress.map { "\($0)" } ?? "None"))"))
        outputs.append(.log("Local  PP IP address \(address)"))
        outputs.append(.up(up))
    }

    // MARK: Keepalive (`pp keepalive use lcp-echo`)

    mutating func keepaliveTick(now: Duration) {
        echoAt = nil
        guard let keepalive = active.keepalive, lcp.isOpened else { return }
        if echoOutstanding { echoMissed += 1 }
        if echoMissed >= keepalive.count {
            // The AC is gone: no Terminate exchange, PADT and down at once. Wording inferred ("[PPP: ...]" as the
            // captured causes); no capture of this cause was found.
            outputs.append(.log("No response to \(echoMissed) LCP Echo-Requests"))
            endSession(cause: "PPP: LCP keepalive timeout", now: now, reconnect: true)
            return
        }
        echoOutstanding = true
        echoIdentifier &+= 1
        echoRequestsSent += 1
        let magic = lcp.policy.magicNumber
        let packet = PPPControlPacket(code: .echoRequest, identifier: echoIdentifier, data: IPv4Address(magic).bytes)
        sendSession(PPPProtocol.lcp, packet.buffer)
        echoAt = now + (echoMissed > 0 ? keepalive.retryInterval : keepalive.interval)
    }
}
