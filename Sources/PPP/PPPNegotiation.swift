import NIOCore
import Wire

/// The RFC 1661 4 option negotiation automaton for one control protocol (LCP or an NCP), sans-IO, generic over
/// the protocol's option policy. Both ends of a link use it: the PPPoE client and the access concentrator.
///
/// Drive it with the RFC's events: `up`/`down` (the lower layer), `open`/`close` (administrative),
/// `receive` (RCR, RCA, RCN, RTR, RTA, RUC, RXJ, RXR), `advance(to:)` (TO+/TO-) and `peerRejected` (an RXJ-
/// from LCP's Protocol-Reject). Each returns the actions to carry out, in order. Packets in `.send` have the
/// policy's protocol number; the caller wraps them for the link.
///
/// The state table is RFC 1661 4.1's; the restart option ("r") and passive option ("p") are not implemented.
/// Beyond the RFC, a bound on Naks and Rejects received (see `PPPNegotiationTiming.maxFailure`) guarantees a
/// negotiation ends even against a peer that never agrees.
public struct PPPNegotiation<Policy: PPPOptionPolicy>: Sendable {
    public private(set) var state = PPPNegotiationState.initial
    public var policy: Policy
    public var timing: PPPNegotiationTiming
    public private(set) var restartCounter = 0
    /// When the restart timer fires; nil when it is not running.
    public private(set) var nextDeadline: Duration?
    /// Configure-Naks sent since the last Configure-Ack sent.
    public private(set) var naksSent = 0
    /// Configure-Naks and -Rejects received since the last Configure-Ack received.
    public private(set) var unacknowledgedReplies = 0
    private var identifier: UInt8
    private var lastRequest: PPPControlPacket?
    /// Why the terminate exchange under way started: the reason This-Layer-Finished will give.
    private var ending = PPPNegotiationEnd.closed
    private var echoWindowStart: Duration = .zero
    private var echoRepliesInWindow = 0

    /// Echo-Replies sent per second at most; a storm beyond it is counted, not reflected.
    public static var echoRepliesPerSecond: Int { 10 }
    /// A Code-Reject carries at most this much of the rejected packet: the 1492-byte PPPoE MRU less its header.
    static var maximumRejectedLength: Int { 1488 }

    public init(policy: Policy, timing: PPPNegotiationTiming, firstIdentifier: UInt8 = 1) {
        self.policy = policy
        self.timing = timing
        identifier = firstIdentifier &- 1
    }

    public var isOpened: Bool { state == .opened }
    private var isLCP: Bool { policy.protocolNumber == PPPProtocol.lcp }

    // MARK: Events from the layers around

    /// Up: the lower layer is ready to carry packets.
    public mutating func up(now: Duration) -> [PPPNegotiationAction] {
        var out: [PPPNegotiationAction] = []
        switch state {
        case .initial: enter(.closed)
        case .starting:
            startNegotiation()
            sendConfigureRequest(now: now, &out)
            enter(.requestSent)
        default: break
        }
        return out
    }

    /// Down: the lower layer is gone (no packets can be sent any more).
    public mutating func down(now: Duration) -> [PPPNegotiationAction] {
        var out: [PPPNegotiationAction] = []
        switch state {
        case .closed, .closing: enter(.initial)
        case .stopped:
            out.append(.layerStarted)
            enter(.starting)
        case .stopping, .requestSent, .ackReceived, .ackSent: enter(.starting)
        case .opened:
            out.append(.layerDown)
            enter(.starting)
        case .initial, .starting: break
        }
        return out
    }

    /// Open: the administrator (or the layer above) wants the link.
    public mutating func open(now: Duration) -> [PPPNegotiationAction] {
        var out: [PPPNegotiationAction] = []
        switch state {
        case .initial:
            out.append(.layerStarted)
            enter(.starting)
        case .closed:
            startNegotiation()
            sendConfigureRequest(now: now, &out)
            enter(.requestSent)
        case .closing: enter(.stopping)
        default: break
        }
        return out
    }

    /// Close: the administrator wants the link down; a Terminate-Request goes out when it is negotiating or open.
    public mutating func close(now: Duration) -> [PPPNegotiationAction] {
        var out: [PPPNegotiationAction] = []
        switch state {
        case .starting:
            out.append(.layerFinished(.closed))
            enter(.initial)
        case .stopped: enter(.closed)
        case .stopping: enter(.closing)
        case .requestSent, .ackReceived, .ackSent, .opened:
            if state == .opened { out.append(.layerDown) }
            ending = .closed
            initializeRestart(configure: false)
            sendTerminateRequest(now: now, &out)
            enter(.closing)
        case .initial, .closed, .closing: break
        }
        return out
    }

    /// RXJ- from outside: LCP received a Protocol-Reject for this protocol.
    public mutating func peerRejected(now: Duration) -> [PPPNegotiationAction] {
        var out: [PPPNegotiationAction] = []
        rejectedCatastrophically(now: now, &out)
        return out
    }

    /// The restart timer: TO+ while the restart counter lasts, TO- when it is spent.
    public mutating func advance(to now: Duration) -> [PPPNegotiationAction] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        nextDeadline = nil
        var out: [PPPNegotiationAction] = []
        if restartCounter > 0 {
            switch state {
            case .closing, .stopping: sendTerminateRequest(now: now, &out)
            case .requestSent, .ackReceived:
                sendConfigureRequest(now: now, &out)
                enter(.requestSent)
            case .ackSent: sendConfigureRequest(now: now, &out)
            default: break
            }
        } else {
            switch state {
            case .closing:
                out.append(.layerFinished(ending))
                enter(.closed)
            case .stopping:
                out.append(.layerFinished(ending))
                enter(.stopped)
            case .requestSent, .ackReceived, .ackSent:
                out.append(.layerFinished(.timeout))
                enter(.stopped)
            default: break
            }
        }
        return out
    }

    // MARK: Packets

    /// A packet of this protocol from the peer.
    public mutating func receive(_ packet: PPPControlPacket, now: Duration) -> [PPPNegotiationAction] {
        var out: [PPPNegotiationAction] = []
        guard state != .initial, state != .starting else { return [.drop(.pppNotOpened)] }
        switch packet.code {
        case .configureRequest: receiveConfigureRequest(packet, now: now, &out)
        case .configureAck: receiveConfigureAck(packet, now: now, &out)
        case .configureNak, .configureReject: receiveConfigureNakOrReject(packet, now: now, &out)
        case .terminateRequest: receiveTerminateRequest(packet, now: now, &out)
        case .terminateAck: receiveTerminateAck(now: now, &out)
        case .codeReject:
            // Only Configure and Terminate codes are needed to talk at all (RFC 1661 5.6).
            if let code = packet.rejectedCode, (1...7).contains(code.rawValue) {
                rejectedCatastrophically(now: now, &out)
            } else {
                if let code = packet.rejectedCode { out.append(.codeRejected(code)) }
                if state == .ackReceived { enter(.requestSent) }
            }
        case .protocolReject where isLCP:
            guard let rejected = packet.rejectedProtocol else { return [.drop(.pppTruncated)] }
            if rejected == PPPProtocol.lcp {
                rejectedCatastrophically(now: now, &out)
            } else {
                out.append(.protocolRejected(rejected))
                if state == .ackReceived { enter(.requestSent) }
            }
        case .echoRequest where isLCP:
            receiveEchoRequest(packet, now: now, &out)
        case .echoReply where isLCP, .discardRequest where isLCP, .identification where isLCP, .timeRemaining where isLCP:
            out.append(state == .opened ? .received(packet) : .drop(.pppNotOpened))
        default:
            // RUC: scj, no change of state.
            var rejected = ByteBuffer()
            packet.write(to: &rejected)
            let bytes = Array(rejected.readableBytesView.prefix(Self.maximumRejectedLength))
            identifier &+= 1
            out.append(.send(PPPControlPacket(code: .codeReject, identifier: identifier, data: bytes)))
        }
        return out
    }

    private mutating func receiveConfigureRequest(_ packet: PPPControlPacket, now: Duration, _ out: inout [PPPNegotiationAction]) {
        switch state {
        case .closed:
            sendTerminateAck(packet.identifier, &out)
            return
        case .closing, .stopping:
            return
        default: break
        }
        let options: [PPPOption]
        do { options = try packet.options() } catch {
            out.append(.drop(error))
            return
        }
        let (good, reply) = answer(packet.identifier, options)
        switch (state, good) {
        case (.stopped, _):
            startNegotiation()
            sendConfigureRequest(now: now, &out)
            send(reply, options, &out)
            enter(good ? .ackSent : .requestSent)
        case (.requestSent, _), (.ackSent, _):
            send(reply, options, &out)
            enter(good ? .ackSent : .requestSent)
        case (.ackReceived, true):
            send(reply, options, &out)
            out.append(.layerUp)
            enter(.opened)
        case (.ackReceived, false):
            send(reply, options, &out)
        case (.opened, _):
            out.append(.layerDown)
            sendConfigureRequest(now: now, &out)
            send(reply, options, &out)
            enter(good ? .ackSent : .requestSent)
        default: break
        }
    }

    /// The reply to a peer's request, and whether it acknowledges it (RCR+) or not (RCR-).
    private func answer(_ id: UInt8, _ options: [PPPOption]) -> (Bool, PPPControlPacket) {
        let judgement = policy.judge(options)
        if !judgement.rejected.isEmpty {
            return (false, PPPControlPacket(code: .configureReject, identifier: id, options: judgement.rejected))
        }
        if !judgement.nakked.isEmpty {
            guard naksSent >= timing.maxFailure else {
                return (false, PPPControlPacket(code: .configureNak, identifier: id, options: judgement.nakked))
            }
            // Not converging (RFC 1661 4.6 Max-Failure): refuse what we kept Nak'ing. A Nak that only suggested
            // options the peer did not send leaves nothing to refuse, so the request is acknowledged.
            let types = Set(judgement.nakked.map(\.type))
            let refused = options.filter { types.contains($0.type) }
            if !refused.isEmpty {
                return (false, PPPControlPacket(code: .configureReject, identifier: id, options: refused))
            }
        }
        return (true, PPPControlPacket(code: .configureAck, identifier: id, options: options))
    }

    private mutating func send(_ reply: PPPControlPacket, _ options: [PPPOption], _ out: inout [PPPNegotiationAction]) {
        switch reply.code {
        case .configureAck:
            naksSent = 0
            policy.peerAccepted(options)
        case .configureNak: naksSent += 1
        default: break
        }
        out.append(.send(reply))
    }

    private mutating func receiveConfigureAck(_ packet: PPPControlPacket, now: Duration, _ out: inout [PPPNegotiationAction]) {
        guard let request = outstandingRequest(answeredBy: packet, &out) else { return }
        guard packet.data == request.data else {
            out.append(.drop(.pppBadAck))
            return
        }
        policy.acknowledged((try? request.options()) ?? [])
        unacknowledgedReplies = 0
        lastRequest = nil
        switch state {
        case .requestSent:
            initializeRestart(configure: true)
            enter(.ackReceived)
        case .ackReceived:
            // Crossed connection (RFC 1661 4.1 "x"): ask again.
            sendConfigureRequest(now: now, &out)
            enter(.requestSent)
        case .ackSent:
            initializeRestart(configure: true)
            out.append(.layerUp)
            enter(.opened)
        case .opened:
            reopen(now: now, &out)
        default: break
        }
    }

    /// The Configure-Request an Ack, Nak or Reject answers, or nil when the reply is not for this state
    /// (RFC 1661 4.1: closed and stopped answer with Terminate-Ack, closing and stopping ignore it) or
    /// not for our last request.
    private mutating func outstandingRequest(answeredBy packet: PPPControlPacket, _ out: inout [PPPNegotiationAction]) -> PPPControlPacket? {
        switch state {
        case .closed, .stopped:
            sendTerminateAck(packet.identifier, &out)
            return nil
        case .closing, .stopping:
            return nil
        default: break
        }
        guard let request = lastRequest, packet.identifier == request.identifier else {
            out.append(.drop(.pppUnexpectedReply))
            return nil
        }
        return request
    }

    private mutating func receiveConfigureNakOrReject(_ packet: PPPControlPacket, now: Duration, _ out: inout [PPPNegotiationAction]) {
        guard let request = outstandingRequest(answeredBy: packet, &out) else { return }
        let options: [PPPOption]
        do { options = try packet.options() } catch {
            out.append(.drop(error))
            return
        }
        let requested = (try? request.options()) ?? []
        if packet.code == .configureReject {
            guard options.allSatisfy(requested.contains) else {
                out.append(.drop(.pppBadReject))
                return
            }
            policy.rejected(options)
        } else if unacknowledgedReplies >= timing.maxFailure {
            // The peer keeps Nak'ing: stop asking for what it Naks, as if it had rejected it.
            let types = Set(options.map(\.type))
            policy.rejected(requested.filter { types.contains($0.type) })
        } else {
            policy.nakked(options)
        }
        unacknowledgedReplies += 1
        lastRequest = nil
        if unacknowledgedReplies > 2 * timing.maxFailure {
            if state == .opened { out.append(.layerDown) }
            out.append(.layerFinished(.notConverging))
            enter(.stopped)
            return
        }
        switch state {
        case .requestSent:
            initializeRestart(configure: true)
            sendConfigureRequest(now: now, &out)
        case .ackReceived:
            sendConfigureRequest(now: now, &out)
            enter(.requestSent)
        case .ackSent:
            initializeRestart(configure: true)
            sendConfigureRequest(now: now, &out)
        case .opened:
            reopen(now: now, &out)
        default: break
        }
    }

    /// RFC 1661 4.1 "tld/scr": an Opened layer that gets an Ack, Nak, Reject or Terminate-Ack out of
    /// turn goes down and asks again.
    private mutating func reopen(now: Duration, _ out: inout [PPPNegotiationAction]) {
        out.append(.layerDown)
        sendConfigureRequest(now: now, &out)
        enter(.requestSent)
    }

    private mutating func receiveTerminateRequest(_ packet: PPPControlPacket, now: Duration, _ out: inout [PPPNegotiationAction]) {
        sendTerminateAck(packet.identifier, &out)
        switch state {
        case .ackReceived, .ackSent: enter(.requestSent)
        case .opened:
            out.append(.layerDown)
            ending = .terminatedByPeer
            // zrc: wait one restart period for the peer to finish before This-Layer-Finished.
            restartCounter = 0
            nextDeadline = now + timing.restart
            enter(.stopping)
        default: break
        }
    }

    private mutating func receiveTerminateAck(now: Duration, _ out: inout [PPPNegotiationAction]) {
        switch state {
        case .closing:
            out.append(.layerFinished(ending))
            enter(.closed)
        case .stopping:
            out.append(.layerFinished(ending))
            enter(.stopped)
        case .ackReceived: enter(.requestSent)
        case .opened:
            reopen(now: now, &out)
        default: break
        }
    }

    private mutating func receiveEchoRequest(_ packet: PPPControlPacket, now: Duration, _ out: inout [PPPNegotiationAction]) {
        guard state == .opened else {
            out.append(.drop(.pppNotOpened))
            return
        }
        if policy.magicNumber != 0, packet.magicNumber == policy.magicNumber {
            out.append(.drop(.pppLoopedBack))
            return
        }
        if now - echoWindowStart >= .seconds(1) {
            echoWindowStart = now
            echoRepliesInWindow = 0
        }
        guard echoRepliesInWindow < Self.echoRepliesPerSecond else {
            out.append(.drop(.pppEchoRateLimited))
            return
        }
        echoRepliesInWindow += 1
        let magic = policy.magicNumber
        var data = [UInt8(magic >> 24), UInt8(truncatingIfNeeded: magic >> 16), UInt8(truncatingIfNeeded: magic >> 8),
                    UInt8(truncatingIfNeeded: magic)]
        data += packet.data.dropFirst(4)
        out.append(.send(PPPControlPacket(code: .echoReply, identifier: packet.identifier, data: data)))
    }

    /// RXJ-: the peer refuses something this protocol cannot do without.
    private mutating func rejectedCatastrophically(now: Duration, _ out: inout [PPPNegotiationAction]) {
        switch state {
        case .closed, .closing:
            out.append(.layerFinished(.rejected))
            enter(.closed)
        case .stopped, .stopping, .requestSent, .ackReceived, .ackSent:
            out.append(.layerFinished(.rejected))
            enter(.stopped)
        case .opened:
            out.append(.layerDown)
            ending = .rejected
            initializeRestart(configure: false)
            sendTerminateRequest(now: now, &out)
            enter(.stopping)
        case .initial, .starting: break
        }
    }

    // MARK: Actions (RFC 1661 4.4)

    private mutating func enter(_ next: PPPNegotiationState) {
        if !next.timerRuns { nextDeadline = nil }
        if state == .opened, next != .opened { forgetFailures() }
        state = next
    }

    /// A negotiation from scratch (Starting, Closed or Stopped to Req-Sent): irc, and the policy's first wishes.
    private mutating func startNegotiation() {
        initializeRestart(configure: true)
        forgetFailures()
        policy.reset()
    }

    private mutating func forgetFailures() {
        naksSent = 0
        unacknowledgedReplies = 0
    }

    /// irc: the restart counter to Max-Configure or Max-Terminate.
    private mutating func initializeRestart(configure: Bool) {
        restartCounter = configure ? timing.maxConfigure : timing.maxTerminate
    }

    /// scr: a Configure-Request with a fresh Identifier; the restart timer starts.
    private mutating func sendConfigureRequest(now: Duration, _ out: inout [PPPNegotiationAction]) {
        identifier &+= 1
        let request = PPPControlPacket(code: .configureRequest, identifier: identifier, options: policy.requestedOptions())
        lastRequest = request
        restartCounter -= 1
        nextDeadline = now + timing.restart
        out.append(.send(request))
    }

    /// str: a Terminate-Request; the restart timer starts.
    private mutating func sendTerminateRequest(now: Duration, _ out: inout [PPPNegotiationAction]) {
        identifier &+= 1
        restartCounter -= 1
        nextDeadline = now + timing.restart
        out.append(.send(PPPControlPacket(code: .terminateRequest, identifier: identifier)))
    }

    /// sta: a Terminate-Ack with the request's Identifier.
    private func sendTerminateAck(_ id: UInt8, _ out: inout [PPPNegotiationAction]) {
        out.append(.send(PPPControlPacket(code: .terminateAck, identifier: id)))
    }
}
