import IKE
import IPsec
import Testing
import Wire

/// "a" behind a masquerade (inner 192.168.1.1, outer 10.0.12.1, no static entries), "b" on the outside.
final class NATBox {
    static let inner = IPv4Address(192, 168, 1, 1)
    static let outer = IPv4Address(10, 0, 12, 1)
    static let centre = IPv4Address(192, 168, 2, 1)
    /// Inner port to outer port; the way back exists only once a has sent from that port.
    var mappings: [UInt16: UInt16] = [:]
    var blocked = false

    func translate(_ from: String, _ d: IKEDatagram) -> IKEDatagram? {
        guard !blocked else { return nil }
        var d = d
        if from == "a" {
            let port = mappings[d.sourcePort] ?? 60_000 + UInt16(mappings.count)
            mappings[d.sourcePort] = port
            d.source = Self.outer
            d.sourcePort = port
        } else {
            guard d.destination == Self.outer, let inner = mappings.first(where: { $0.value == d.destinationPort })?.key else { return nil }
            d.destination = Self.inner
            d.destinationPort = inner
        }
        return d
    }
}

@Suite struct NATTraversalTests {
    static let shortLived = (
        phase1: Phase1Proposal(encryption: .tripleDESCBC, hash: .sha1, group: .modp1024, lifetime: 600),
        phase2: Phase2Proposal(encryption: .aes128CBC, integrity: .hmacSHA1_96, lifetime: 300, mode: .transport))

    func natPair(aggressive: Bool = false, keepalive: IKEPeerPolicy.Keepalive? = nil, shortLived: Bool = false) -> (EnginePair, NATBox) {
        let pair = EnginePair()
        let nat = NATBox()
        pair.wire = nat.translate
        var a = EnginePair.policy(local: NATBox.inner, remote: .address(NATBox.centre), natTraversal: true, keepalive: keepalive)
        if shortLived { (a.phase1, a.phase2) = ([Self.shortLived.phase1], Self.shortLived.phase2) }
        var b = EnginePair.policy(local: NATBox.centre, remote: .any, initiates: false, natTraversal: true, keepalive: keepalive)
        if aggressive {
            a.localName = IKEIdentity(kind: .keyID, name: "branch01")
            b.remoteName = IKEIdentity(kind: .keyID, name: "branch01")
        }
        pair.a.configure([a], now: .zero)
        pair.b.configure([b], now: .zero)
        return (pair, nat)
    }

    @Test(arguments: [false, true])
    func natIsDetectedAndESPIsEncapsulatedOn4500(aggressive: Bool) {
        let (pair, nat) = natPair(aggressive: aggressive)
        pair.run(until: .seconds(5))
        guard let a = pair.a.children.first, let b = pair.b.children.first else {
            Issue.record("no SA: \(pair.logs) \(pair.drops)")
            return
        }
        #expect(a.outbound == b.inbound && a.inbound == b.outbound)
        #expect(a.encapsulationPorts?.local == 4500 && a.encapsulationPorts?.remote == 4500)
        #expect(b.encapsulationPorts?.local == 4500 && b.encapsulationPorts?.remote == nat.mappings[4500])
        #expect(b.remoteAddress == NATBox.outer)
        // Phase 1 started on 500; everything after the float travels on 4500 behind the non-ESP marker.
        let fromA = pair.sent.filter { $0.from == "a" }.map(\.datagram)
        #expect(fromA.first?.sourcePort == 500)
        #expect(fromA.last?.sourcePort == 4500 && fromA.last?.message.prefix(4) == [0, 0, 0, 0])
        #expect(pair.drops.values.allSatisfy { $0.isEmpty }, "\(pair.drops)")
    }

    @Test func onlyTheSideBehindTheNATSendsKeepalives() {
        let (pair, _) = natPair()
        pair.run(until: .seconds(65))
        let keepalives = pair.sent.filter { $0.datagram.message == [0xFF] }
        #expect(keepalives.count == 3)
        #expect(keepalives.allSatisfy { $0.from == "a" && $0.datagram.destinationPort == 4500 })
    }

    @Test func withoutNATNothingFloats() {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), natTraversal: true)], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .any, initiates: false, natTraversal: true)], now: .zero)
        pair.run(until: .seconds(30))
        #expect(pair.a.children.first?.encapsulationPorts == nil)
        #expect(pair.b.children.first?.encapsulationPorts == nil)
        #expect(pair.sent.allSatisfy { $0.datagram.sourcePort == 500 && $0.datagram.message != [0xFF] })
    }

    @Test func aggressiveModeResponderFindsTheKeyByTheInitiatorsID() {
        let pair = EnginePair()
        var a = EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), key: "branch2-key")
        a.localName = IKEIdentity(kind: .keyID, name: "branch02")
        var first = EnginePair.policy(local: EnginePair.addressB, remote: .any, key: "branch1-key", initiates: false)
        first.remoteName = IKEIdentity(kind: .keyID, name: "branch01")
        var second = EnginePair.policy(local: EnginePair.addressB, remote: .any, key: "branch2-key", initiates: false)
        second.gateway = 2
        second.policyID = 101
        second.remoteName = IKEIdentity(kind: .keyID, name: "branch02")
        pair.a.configure([a], now: .zero)
        pair.b.configure([first, second], now: .zero)
        pair.run(until: .seconds(5))
        #expect(pair.b.children.first?.gateway == 2)
        #expect(pair.a.children.first?.outbound == pair.b.children.first?.inbound)
    }

    @Test func deadPeerDetectionDeletesTheSAsAndAutoRefreshRecovers() {
        let (pair, nat) = natPair(keepalive: .dpd(interval: 10, count: 3))
        pair.run(until: .seconds(5))
        #expect(pair.a.children.count == 1 && pair.b.children.count == 1)
        nat.blocked = true
        pair.run(until: .seconds(60))
        #expect(pair.a.children.isEmpty && pair.b.children.isEmpty)
        #expect(pair.a.status(now: pair.now).isEmpty && pair.b.status(now: pair.now).isEmpty)
        nat.blocked = false
        pair.run(until: .seconds(120))
        #expect(pair.a.children.count == 1 && pair.b.children.count == 1)
        #expect(pair.a.children.first?.outbound == pair.b.children.first?.inbound)
    }

    @Test func heartbeatDeletesTheSAsOfASilentPeer() {
        let (pair, nat) = natPair(keepalive: .heartbeat(interval: 10, count: 6))
        pair.run(until: .seconds(30))
        #expect(pair.a.children.count == 1 && pair.b.children.count == 1)
        nat.blocked = true
        pair.run(until: .seconds(110))
        #expect(pair.a.children.isEmpty && pair.b.children.isEmpty)
        nat.blocked = false
        pair.run(until: .seconds(160))
        #expect(pair.a.children.count == 1 && pair.b.children.count == 1)
    }

    @Test func rekeyBehindTheNATKeepsTheEncapsulation() {
        let (pair, nat) = natPair(shortLived: true)
        pair.run(until: .seconds(1_200))
        #expect((pair.installed["a"] ?? []).count >= 5)
        #expect(pair.a.children.count == 1 && pair.b.children.count == 1)
        #expect(pair.a.children.first?.outbound == pair.b.children.first?.inbound)
        #expect(pair.b.children.first?.encapsulationPorts?.remote == nat.mappings[4500])
        #expect(pair.a.status(now: pair.now).filter { $0.kind == .isakmp }.count == 1)
    }
}
