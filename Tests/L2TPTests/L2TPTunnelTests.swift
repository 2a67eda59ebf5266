import NIOCore
import Testing
import Wire
@testable import L2TP

/// Two tunnel engines joined back to back, with a hand on the wire between them.
struct Pair {
    var a: L2TPTunnel
    var b: L2TPTunnel
    var now: Duration = .zero
    var log: [String] = []
    /// Decides per message whether it is lost; sees the direction ("a>b") and the message.
    var lose: (String, L2TPControlMessage) -> Bool = { _, _ in false }
    var sent: [(String, L2TPControlMessage)] = []

    init(a: L2TPTunnelSettings = Pair.settings(local: "10.0.0.1", remote: "10.0.0.2", id: "1.1.1.1", peer: "2.2.2.2"),
         b: L2TPTunnelSettings = Pair.settings(local: "10.0.0.2", remote: "10.0.0.1", id: "2.2.2.2", peer: "1.1.1.1")) {
        self.a = L2TPTunnel(number: 1, settings: a, seed: 1)
        self.b = L2TPTunnel(number: 1, settings: b, seed: 2)
    }

    static func settings(local: String, remote: String, id: String, peer: String) -> L2TPTunnelSettings {
        var s = L2TPTunnelSettings(localAddress: IPv4Address(local)!, remoteAddress: IPv4Address(remote)!, hostName: "RTX830")
        s.localRouterID = IPv4Address(id)!
        s.remoteRouterID = IPv4Address(peer)!
        s.remoteEndID = "TESTEND"
        s.secret = Array("test1234".utf8)
        s.alwaysOn = true
        s.keepaliveInterval = .seconds(60)
        s.keepaliveCount = 3
        s.syslog = true
        return s
    }

    /// Delivers queued datagrams until the wire is quiet, then runs timers up to `until`.
    mutating func run(_ first: [(String, L2TPOutput)], until: Duration) {
        var queue = first
        while true {
            while !queue.isEmpty {
                let (dir, out) = queue.removeFirst()
                log += out.events.compactMap { if case let .log(t) = $0 { "\(dir): \(t)" } else { nil } }
                for d in out.packets {
                    guard case let .control(m)? = try? L2TPPacket.parse(d.payload) else { Issue.record("unparsable"); continue }
                    sent.append((dir, m))
                    if lose(dir, m) { continue }
                    if dir == "a>b" { queue.append(("b>a", b.receive(m, fromPort: 1701, now: now))) }
                    else { queue.append(("a>b", a.receive(m, fromPort: 1701, now: now))) }
                }
            }
            let next = [a.nextDeadline, b.nextDeadline].compactMap { $0 }.min()
            guard let next, next <= until else { now = until; return }
            now = max(now, next)
            queue.append(("a>b", a.tick(now: now)))
            queue.append(("b>a", b.tick(now: now)))
        }
    }

    mutating func start() -> [(String, L2TPOutput)] {
        [("a>b", a.enable(now: now)), ("b>a", b.enable(now: now))]
    }
}

@Suite struct L2TPTunnelTests {
    @Test func simultaneousOpenMakesOneTunnelAndOneSession() {
        var p = Pair()
        p.run(p.start(), until: .seconds(5))
        #expect(p.a.state == .established && p.b.state == .established)
        #expect(p.a.sessionState == .established && p.b.sessionState == .established)
        #expect(p.a.localTunnelID == p.b.remoteTunnelID && p.b.localTunnelID == p.a.remoteTunnelID)
        #expect(p.a.dataSessionID == p.b.localSessionID && p.b.dataSessionID == p.a.localSessionID)
        // The lower Router ID (a, 1.1.1.1) kept its SCCRQ: b answered it.
        #expect(p.a.isInitiator && !p.b.isInitiator)
        #expect(p.a.nextNs == 4 && p.a.nextNr == 2, "SCCRQ, SCCCN, ICRQ, ICCN sent; SCCRP, ICRP received (as the seed shows)")
        #expect(p.a.peerHostName == "RTX830" && p.a.peerVendor == "YAMAHA Corporation")
        let types = p.sent.compactMap { $0.1.messageType }
        #expect(types.filter { $0 == .sccrp }.count == 1)
    }

    @Test func establishesThroughHeavyLossWithRetransmission() {
        for seed in 0..<200 {
            var p = Pair()
            var rng = SeededGenerator(seed: UInt64(seed))
            let draws = (0..<10_000).map { _ in rng.unit() }
            var i = 0
            p.lose = { _, _ in i += 1; return draws[i % draws.count] < 0.3 }
            p.run(p.start(), until: .seconds(300))
            #expect(p.a.sessionState == .established && p.b.sessionState == .established, "seed \(seed)")
            if p.a.sessionState != .established { break }
        }
    }

    @Test func acknowledgedSCCRQWithoutReplyIsTriedAgain() {
        // The responder's ZLB acknowledges our SCCRQ but every SCCRP is lost: the initiator must not
        // wait for ever (the responder gives up and its own SCCRQs lose the tie).
        var p = Pair()
        var sccrpLost = true
        p.lose = { _, m in sccrpLost && m.messageType == .sccrp }
        p.run(p.start(), until: .seconds(60))
        #expect(p.a.state != .established)
        sccrpLost = false
        p.run([], until: .seconds(120))
        #expect(p.a.sessionState == .established && p.b.sessionState == .established)
    }

    @Test func routerIDMismatchIsRefusedAndLogged() {
        var wrong = Pair.settings(local: "10.0.0.2", remote: "10.0.0.1", id: "9.9.9.9", peer: "1.1.1.1")
        wrong.alwaysOn = false
        var p = Pair(b: wrong)
        p.run([("a>b", p.a.enable(now: .zero)), ("b>a", p.b.enable(now: .zero))], until: .seconds(30))
        #expect(p.a.state != .established)
        #expect(p.log.contains { $0.contains("remote router-id mismatch (expected 2.2.2.2, peer sent 9.9.9.9)") })
        #expect(p.sent.contains { $0.1.messageType == .stopccn && $0.1.resultCode?.result == 4 })
    }

    @Test func wrongSecretMakesNoTunnel() {
        var other = Pair.settings(local: "10.0.0.2", remote: "10.0.0.1", id: "2.2.2.2", peer: "1.1.1.1")
        other.secret = Array("wrong".utf8)
        var p = Pair(b: other)
        p.run(p.start(), until: .seconds(120))
        #expect(p.a.state != .established && p.b.state != .established)
        #expect(p.log.contains { $0.contains("authentication failed") })
    }

    @Test func keepaliveDetectsDeadPeerAndAlwaysOnReconnects() {
        var p = Pair()
        p.run(p.start(), until: .seconds(5))
        #expect(p.a.sessionState == .established)
        let oldID = p.a.localTunnelID
        var outage = true
        p.lose = { _, _ in outage }
        p.run([], until: .seconds(5 + 300))
        #expect(p.a.state != .established, "down after 3 unanswered keepalive intervals")
        #expect(p.log.contains { $0.contains("keepalive timeout") })
        outage = false
        p.run([], until: .seconds(5 + 300 + 60))
        #expect(p.a.sessionState == .established && p.b.sessionState == .established)
        #expect(p.a.localTunnelID != oldID, "a fresh Control Connection ID on reconnect")
    }

    @Test func remoteEndIDMismatchRefusesTheSession() {
        var other = Pair.settings(local: "10.0.0.2", remote: "10.0.0.1", id: "2.2.2.2", peer: "1.1.1.1")
        other.remoteEndID = "OTHER"
        var p = Pair(b: other)
        p.run(p.start(), until: .seconds(5))
        #expect(p.a.state == .established && p.a.sessionState != .established)
        #expect(p.sent.contains { $0.1.messageType == .cdn })
        #expect(p.log.contains { $0.contains("remote end-id mismatch") })
    }

    @Test func unknownMandatoryAVPGetsStopCCN() {
        var a = Pair.settings(local: "10.0.0.1", remote: "10.0.0.2", id: "1.1.1.1", peer: "2.2.2.2")
        var b = Pair.settings(local: "10.0.0.2", remote: "10.0.0.1", id: "2.2.2.2", peer: "1.1.1.1")
        a.secret = nil
        b.secret = nil
        var p = Pair(a: a, b: b)
        p.run(p.start(), until: .seconds(5))
        #expect(p.a.state == .established)
        var hello = L2TPControlMessage.make(.hello, connectionID: p.a.localTunnelID)
        hello.avps.append(L2TPAVP(type: 999, value: [1], mandatory: true, vendorID: 0, hidden: false))
        hello.ns = p.a.nextNr
        hello.nr = p.a.nextNs
        let out = p.a.receive(hello, fromPort: 1701, now: p.now)
        let messages: [L2TPControlMessage] = out.packets.compactMap { d in
            guard case let .control(m)? = try? L2TPPacket.parse(d.payload) else { return nil }
            return m
        }
        let stop = messages.first { $0.messageType == .stopccn }
        #expect(stop?.resultCode?.result == 2 && stop?.resultCode?.error == 8)
        #expect(p.a.state == .idle)
        // An unknown AVP without the M bit is skipped.
        p.run(p.start(), until: .seconds(30))
        var quiet = L2TPControlMessage.make(.hello, connectionID: p.a.localTunnelID)
        quiet.avps.append(L2TPAVP(type: 999, value: [1], mandatory: false, vendorID: 0, hidden: false))
        quiet.ns = p.a.nextNr
        quiet.nr = p.a.nextNs
        _ = p.a.receive(quiet, fromPort: 1701, now: p.now)
        #expect(p.a.state == .established)
    }

    @Test func duplicatesAndReplaysAreAcknowledgedNotRedelivered() {
        var channel = ReliableControlChannel()
        let first = L2TPControlMessage(connectionID: 5, ns: 0, nr: 0, avps: L2TPControlMessage.make(.hello, connectionID: 5).avps)
        #expect(channel.receive(first, now: .zero).deliver.count == 1)
        #expect(channel.receive(first, now: .zero).deliver.isEmpty)
        #expect(channel.pendingAck(explicit: false)?.isZLB == true)
        // Out of order: Ns 2 waits for Ns 1.
        var third = first; third.ns = 2
        var second = first; second.ns = 1
        #expect(channel.receive(third, now: .zero).deliver.isEmpty)
        #expect(channel.receive(second, now: .zero).deliver.map(\.ns) == [1, 2])
        #expect(channel.nextNr == 3)
    }

    /// RFC 3931 6.15: with `l2tp tunnel auth on` an acknowledgement is an ACK message carrying a Message
    /// Digest, never a ZLB; a bare ZLB (anyone could send one) moves nothing.
    @Test func withAuthenticationAcksAreSignedAndBareZLBsRefused() {
        var p = Pair()
        p.run(p.start(), until: .seconds(5))
        #expect(p.a.state == .established && p.b.state == .established)
        #expect(!p.sent.contains { $0.1.isZLB })
        let acks = p.sent.filter { $0.1.messageType == .ack }
        #expect(!acks.isEmpty && acks.allSatisfy { $0.1.messageDigest != nil })
        // A Hello waits for its acknowledgement; a spoofed ZLB claiming it changes nothing.
        let hello = p.a.tick(now: p.now + .seconds(60))
        #expect(hello.packets.count == 1)
        let nextNs = p.a.nextNs
        let spoofed = L2TPControlMessage.zlb(connectionID: p.a.localTunnelID, ns: p.b.nextNs, nr: nextNs)
        let refused = p.a.receive(spoofed, fromPort: 1701, now: p.now + .seconds(60))
        #expect(refused.events.contains { if case .refused("l2tp-zlb-unauthenticated") = $0 { true } else { false } })
        #expect(p.a.tick(now: p.now + .seconds(62)).packets.count == 1, "the Hello is sent again: nothing acknowledged it")
        // Without authentication, acknowledgements stay ZLBs.
        var open = Pair.settings(local: "10.0.0.1", remote: "10.0.0.2", id: "1.1.1.1", peer: "2.2.2.2")
        open.secret = nil
        var other = Pair.settings(local: "10.0.0.2", remote: "10.0.0.1", id: "2.2.2.2", peer: "1.1.1.1")
        other.secret = nil
        var q = Pair(a: open, b: other)
        q.run(q.start(), until: .seconds(5))
        #expect(q.sent.contains { $0.1.isZLB } && !q.sent.contains { $0.1.messageType == .ack })
    }
}

@Suite struct L2TPTunnelFuzzTests {
    /// Mutated copies of every message of a real exchange, fed to established engines: no crash,
    /// and refusals come back as named reasons.
    @Test func mutatedControlMessagesNeverCrashTheEngine() {
        var p = Pair()
        p.run(p.start(), until: .seconds(5))
        let originals = p.sent.map(\.1)
        #expect(originals.count > 6)
        var random = SeededGenerator(seed: 99)
        var refused = 0
        for i in 0..<5_000 {
            var bytes = Array(originals[i % originals.count].buffer.readableBytesView)
            for _ in 0..<(1 + random.next() % 3) {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
            guard case let .control(m)? = try? L2TPPacket.parse(ByteBuffer(bytes: bytes)) else { continue }
            let out = i % 2 == 0 ? p.a.receive(m, fromPort: 1701, now: p.now) : p.b.receive(m, fromPort: 1701, now: p.now)
            refused += out.events.filter { if case .refused = $0 { true } else { false } }.count
        }
        #expect(refused > 100, "forged messages fail their digest")
    }
}
