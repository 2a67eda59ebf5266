import Testing
import Wire
@testable import PPP

struct PPPNegotiationTests {
    static let timing = PPPNegotiationTiming(restart: .seconds(3), maxConfigure: 10, maxTerminate: 2, maxFailure: 5)

    /// Delivers every packet each side sends to the other until both are quiet; returns all actions seen by each.
    static func shuttle(_ a: inout TestAutomaton, _ b: inout TestAutomaton, first: [PPPNegotiationAction], now: Duration,
                        limit: Int = 200) -> (a: [PPPNegotiationAction], b: [PPPNegotiationAction]) {
        var toB = first.sent, toA: [PPPControlPacket] = []
        var seenA = first, seenB: [PPPNegotiationAction] = []
        var rounds = 0
        while (!toA.isEmpty || !toB.isEmpty) && rounds < limit {
            rounds += 1
            for packet in toB {
                let out = b.receive(packet, now: now)
                seenB += out
                toA += out.sent
            }
            toB = []
            for packet in toA {
                let out = a.receive(packet, now: now)
                seenA += out
                toB += out.sent
            }
            toA = []
        }
        return (seenA, seenB)
    }

    static func opened(_ policyA: NegotiationTestPolicy = .init(), _ policyB: NegotiationTestPolicy = .init())
        -> (TestAutomaton, TestAutomaton) {
        var a = TestAutomaton(policy: policyA, timing: timing)
        var b = TestAutomaton(policy: policyB, timing: timing)
        #expect(a.open(now: .zero) == [.layerStarted])
        #expect(a.state == .starting)
        _ = b.open(now: .zero)
        let bRequest = b.up(now: .zero).sent
        let aOut = a.up(now: .zero) + bRequest.flatMap { a.receive($0, now: .zero) }
        _ = shuttle(&a, &b, first: aOut, now: .zero)
        return (a, b)
    }

    @Test func twoEndsOpen() {
        var a = TestAutomaton(policy: .init(), timing: Self.timing)
        var b = TestAutomaton(policy: .init(request: [.uint16(1, 1454)]), timing: Self.timing)
        _ = a.open(now: .zero)
        _ = b.open(now: .zero)
        let bRequest = b.up(now: .zero)
        #expect(b.state == .requestSent)
        let aRequest = a.up(now: .zero)
        #expect(aRequest.sent.map(\.code) == [.configureRequest])
        #expect(a.nextDeadline == .seconds(3))
        // A hears B's request first, then the rest flows.
        let seenA = a.receive(bRequest.sent[0], now: .zero)
        #expect(seenA.sent.map(\.code) == [.configureAck])
        #expect(a.state == .ackSent)
        let (allA, allB) = Self.shuttle(&a, &b, first: aRequest + seenA, now: .zero)
        #expect(a.state == .opened && b.state == .opened)
        #expect(allA.contains(.layerUp) && allB.contains(.layerUp))
        #expect(a.policy.peerOptions == [.uint16(1, 1454)])
        #expect(a.policy.agreed == [.uint16(1, 1500)])
        #expect(a.nextDeadline == nil, "no timer in Opened")
    }

    @Test func restartCounterGivesUpAfterMaxConfigure() {
        var a = TestAutomaton(policy: .init(), timing: Self.timing)
        _ = a.open(now: .zero)
        var requests = a.up(now: .zero).sent
        var finished: [PPPNegotiationAction] = []
        var now = Duration.zero
        while let deadline = a.nextDeadline {
            #expect(deadline == now + .seconds(3))
            now = deadline
            let out = a.advance(to: now)
            requests += out.sent
            finished += out.filter { if case .layerFinished = $0 { true } else { false } }
        }
        #expect(requests.count == 10, "Max-Configure requests in all")
        #expect(Set(requests.map(\.identifier)).count == 10, "each with its own identifier")
        #expect(now == .seconds(30))
        #expect(finished == [.layerFinished(.timeout)])
        #expect(a.state == .stopped)
        #expect(a.advance(to: .seconds(1000)).isEmpty)
    }

    @Test func nakTurnsIntoRejectAfterMaxFailure() {
        // A insists on 1492; the peer keeps asking for 1500.
        var a = TestAutomaton(policy: .init(want: 1492), timing: Self.timing)
        _ = a.open(now: .zero)
        _ = a.up(now: .zero)
        var codes: [PPPControlCode] = []
        for id in 1...7 {
            let out = a.receive(PPPControlPacket(code: .configureRequest, identifier: UInt8(id), options: [.uint16(1, 1500)]),
                                now: .zero)
            codes += out.sent.map(\.code)
        }
        #expect(codes == Array(repeating: .configureNak, count: 5) + [.configureReject, .configureReject])
        // An Ack resets the count: the next disagreement is Nak'd again.
        _ = a.receive(PPPControlPacket(code: .configureRequest, identifier: 8, options: []), now: .zero)
        let again = a.receive(PPPControlPacket(code: .configureRequest, identifier: 9, options: [.uint16(1, 1500)]), now: .zero)
        #expect(again.sent.map(\.code) == [.configureNak])
    }

    @Test func rejectedOptionsAreCopiedUnchanged() {
        var a = TestAutomaton(policy: .init(), timing: Self.timing)
        _ = a.open(now: .zero)
        _ = a.up(now: .zero)
        let odd = PPPOption(type: 99, value: [1, 2, 3])
        let out = a.receive(PPPControlPacket(code: .configureRequest, identifier: 4, options: [.uint16(1, 1500), odd]), now: .zero)
        #expect(out.sent == [PPPControlPacket(code: .configureReject, identifier: 4, options: [odd])])
        #expect(a.state == .requestSent)
    }

    /// A peer that Naks every request with a value other than the one just sent: the automaton drops the option,
    /// then gives up, in a bounded number of rounds, never looping.
    @Test func contradictingNaksEnd() {
        var a = TestAutomaton(policy: .init(), timing: Self.timing)
        _ = a.open(now: .zero)
        var out = a.up(now: .zero)
        var rounds = 0
        var finished = false
        while let request = out.sent.last(where: { $0.code == .configureRequest }), rounds < 100 {
            rounds += 1
            let value = (try? request.options().first?.uint16) ?? nil
            out = a.receive(PPPControlPacket(code: .configureNak, identifier: request.identifier,
                                             options: [.uint16(1, value == 1500 ? 1400 : 1500)]), now: .zero)
            if out.contains(.layerFinished(.notConverging)) { finished = true }
        }
        #expect(finished)
        #expect(rounds == 2 * Self.timing.maxFailure + 1)
        #expect(a.state == .stopped)
        #expect(a.nextDeadline == nil)
    }

    @Test func naksForOtherRequestsAreDiscarded() {
        var a = TestAutomaton(policy: .init(), timing: Self.timing)
        _ = a.open(now: .zero)
        let request = a.up(now: .zero).sent[0]
        let stale = a.receive(PPPControlPacket(code: .configureNak, identifier: request.identifier &+ 1, options: []), now: .zero)
        #expect(stale == [.drop(.pppUnexpectedReply)])
        let wrongAck = a.receive(PPPControlPacket(code: .configureAck, identifier: request.identifier, options: [.uint16(1, 1)]),
                                 now: .zero)
        #expect(wrongAck == [.drop(.pppBadAck)])
        let wrongReject = a.receive(PPPControlPacket(code: .configureReject, identifier: request.identifier,
                                                     options: [.uint16(5, 1)]), now: .zero)
        #expect(wrongReject == [.drop(.pppBadReject)])
        #expect(a.state == .requestSent)
        let ack = a.receive(PPPControlPacket(code: .configureAck, identifier: request.identifier, data: request.data), now: .zero)
        #expect(ack.isEmpty)
        #expect(a.state == .ackReceived)
    }

    @Test func closeSendsTerminateAndFinishes() {
        var (a, b) = Self.opened()
        #expect(a.state == .opened && b.state == .opened)
        let close = a.close(now: .seconds(10))
        #expect(close.first == .layerDown)
        let terminate = close.sent
        #expect(terminate.map(\.code) == [.terminateRequest])
        #expect(a.state == .closing)
        let reply = b.receive(terminate[0], now: .seconds(10))
        #expect(reply.contains(.layerDown))
        #expect(reply.sent == [PPPControlPacket(code: .terminateAck, identifier: terminate[0].identifier)])
        #expect(b.state == .stopping)
        #expect(a.receive(reply.sent[0], now: .seconds(10)) == [.layerFinished(.closed)])
        #expect(a.state == .closed)
        // B waits one restart period (zrc), then finishes.
        #expect(b.nextDeadline == .seconds(13))
        #expect(b.advance(to: .seconds(13)) == [.layerFinished(.terminatedByPeer)])
        #expect(b.state == .stopped)
    }

    @Test func unansweredTerminateEndsAfterMaxTerminate() {
        var (a, _) = Self.opened()
        var sent = a.close(now: .zero).sent
        var finished: [PPPNegotiationAction] = []
        while let deadline = a.nextDeadline {
            let out = a.advance(to: deadline)
            sent += out.sent
            finished += out.filter { if case .layerFinished = $0 { true } else { false } }
        }
        #expect(sent.map(\.code) == [.terminateRequest, .terminateRequest])
        #expect(finished == [.layerFinished(.closed)])
        #expect(a.state == .closed)
    }

    @Test func unknownCodeIsCodeRejectedAndNCPsRejectEcho() {
        var (a, _) = Self.opened()
        let odd = PPPControlPacket(code: PPPControlCode(rawValue: 42), identifier: 7, data: [1, 2])
        let out = a.receive(odd, now: .zero)
        #expect(out.sent.count == 1)
        #expect(out.sent.first?.code == .codeReject)
        #expect(out.sent.first?.data == [42, 7, 0, 6, 1, 2])
        #expect(a.state == .opened)
        var ipcp = TestAutomaton(policy: .init(protocolNumber: PPPProtocol.ipcp), timing: Self.timing)
        _ = ipcp.open(now: .zero)
        _ = ipcp.up(now: .zero)
        #expect(ipcp.receive(PPPControlPacket(code: .echoRequest, identifier: 1, data: [0, 0, 0, 0]), now: .zero).sent.first?.code
                == .codeReject)
    }

    @Test func codeRejectOfConfigureIsCatastrophic() {
        var (a, _) = Self.opened()
        let out = a.receive(PPPControlPacket(code: .codeReject, identifier: 1, data: [1, 1, 0, 4]), now: .zero)
        #expect(out.first == .layerDown)
        #expect(out.sent.map(\.code) == [.terminateRequest])
        #expect(a.state == .stopping)
        var b = Self.opened().0
        let echoRejected = b.receive(PPPControlPacket(code: .codeReject, identifier: 1, data: [9, 1, 0, 8]), now: .zero)
        #expect(echoRejected == [.codeRejected(.echoRequest)])
    }

    @Test func protocolRejectIsPassedUp() {
        var (a, _) = Self.opened()
        let out = a.receive(PPPControlPacket(code: .protocolReject, identifier: 1, data: [0x80, 0x57, 1, 1, 0, 4]), now: .zero)
        #expect(out == [.protocolRejected(PPPProtocol.ipv6cp)])
        var ipcp = TestAutomaton(policy: .init(protocolNumber: PPPProtocol.ipcp), timing: Self.timing)
        _ = ipcp.open(now: .zero)
        _ = ipcp.up(now: .zero)
        #expect(ipcp.peerRejected(now: .zero) == [.layerFinished(.rejected)])
        #expect(ipcp.state == .stopped)
    }

    @Test func echoRepliesCarryOurMagicAndAStormIsNotReflected() {
        var (a, _) = Self.opened()
        let request = PPPControlPacket(code: .echoRequest, identifier: 3, data: [0xAA, 0xBB, 0xCC, 0xDD, 0x01])
        #expect(a.receive(request, now: .seconds(5)).sent == [PPPControlPacket(code: .echoReply, identifier: 3,
                                                                               data: [0x11, 0x22, 0x33, 0x44, 0x01])])
        var replies = 1, limited = 0
        for _ in 0..<1000 {
            for action in a.receive(request, now: .seconds(5)) {
                if case .send = action { replies += 1 }
                if action == .drop(.pppEchoRateLimited) { limited += 1 }
            }
        }
        #expect(replies == TestAutomaton.echoRepliesPerSecond)
        #expect(limited == 1001 - TestAutomaton.echoRepliesPerSecond)
        #expect(a.receive(request, now: .seconds(6)).sent.count == 1, "a new second, a new budget")
        let looped = PPPControlPacket(code: .echoRequest, identifier: 4, data: [0x11, 0x22, 0x33, 0x44])
        #expect(a.receive(looped, now: .seconds(7)) == [.drop(.pppLoopedBack)])
        let reply = PPPControlPacket(code: .echoReply, identifier: 9, data: [0, 0, 0, 1])
        #expect(a.receive(reply, now: .seconds(7)) == [.received(reply)])
    }

    @Test func packetsBeforeUpAreDropped() {
        var a = TestAutomaton(policy: .init(), timing: Self.timing)
        #expect(a.receive(PPPControlPacket(code: .configureRequest, identifier: 1), now: .zero) == [.drop(.pppNotOpened)])
        _ = a.up(now: .zero)
        #expect(a.state == .closed)
        // Closed answers configure packets with Terminate-Ack (RFC 1661 4.1, sta/2).
        #expect(a.receive(PPPControlPacket(code: .configureRequest, identifier: 1), now: .zero).sent.map(\.code) == [.terminateAck])
    }

    @Test func downAndUpAgainRenegotiatesFromScratch() {
        var (a, _) = Self.opened()
        #expect(a.down(now: .zero) == [.layerDown])
        #expect(a.state == .starting)
        let out = a.up(now: .seconds(1))
        #expect(out.sent.map(\.code) == [.configureRequest])
        #expect(a.state == .requestSent)
        #expect(a.restartCounter == Self.timing.maxConfigure - 1)
    }
}
