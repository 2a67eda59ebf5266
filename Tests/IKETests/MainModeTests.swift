import IKE
import IPsec
import Testing
import Wire

@Suite struct MainModeTests {
    @Test(arguments: [
        Phase1Proposal(encryption: .tripleDESCBC, hash: .sha1, group: .modp1024, lifetime: 28_800),
        Phase1Proposal(encryption: .aes128CBC, hash: .md5, group: .modp768, lifetime: 3_600),
        Phase1Proposal(encryption: .aes256CBC, hash: .sha256, group: .modp2048, lifetime: 28_800),
        Phase1Proposal(encryption: .aes128CBC, hash: .sha1, group: .modp1536, lifetime: 28_800),
    ])
    func initiatorAndResponderAgreeOnKeys(phase1: Phase1Proposal) {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), phase1: phase1)], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.run(until: .seconds(5))
        let a = pair.installed["a"] ?? [], b = pair.installed["b"] ?? []
        #expect(a.count == 1 && b.count == 1)
        guard let ca = a.first, let cb = b.first else { return }
        #expect(ca.outbound == cb.inbound)
        #expect(ca.inbound == cb.outbound)
        #expect(ca.outbound.encryptionKey.count == 16 && ca.outbound.integrityKey.count == 20)
        #expect(ca.outbound.encryptionKey != ca.inbound.encryptionKey)
        #expect(pair.logs["a"]?.first == "[IKE] initiate ISAKMP phase to 10.0.0.2 (local address 10.0.0.1)")
        #expect(pair.logs["b"]?.contains("[IKE] respond ISAKMP phase to 10.0.0.1") == true)
        #expect(pair.keyLog.filter { !$0.hasPrefix("\"IPv4\"") }.count == 2)  // each side logs phase 1
        let rows = pair.a.status(now: pair.now)
        #expect(rows.filter { $0.kind == .isakmp }.count == 1)
        #expect(rows.filter { if case .esp = $0.kind { true } else { false } }.count == 2)
    }

    @Test func wrongPreSharedKeyGivesNoSAAndALogLine() {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), key: "right")], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), key: "wrong", initiates: false)], now: .zero)
        pair.run(until: .seconds(8))
        #expect((pair.installed["a"] ?? []).isEmpty && (pair.installed["b"] ?? []).isEmpty)
        #expect(pair.logs["b"]?.contains { $0.contains("check the pre-shared key") } == true)
    }

    @Test func lostMessagesAreRetransmitted() {
        let pair = EnginePair()
        var dropped = 0
        // Lose every third datagram.
        pair.wire = { _, d in
            dropped += 1
            return dropped % 3 == 0 ? nil : d
        }
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.run(until: .seconds(120))
        let a = pair.installed["a"] ?? [], b = pair.installed["b"] ?? []
        #expect(a.count >= 1 && b.count >= 1)
        #expect(a.last?.outbound == b.last?.inbound)
    }

    @Test func noCommonProposalIsLoggedNotFatal() {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB),
            phase2: Phase2Proposal(encryption: .aes128CBC, integrity: .hmacSHA1_96, lifetime: 28_800, mode: .tunnel))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.run(until: .seconds(3))
        #expect((pair.installed["a"] ?? []).isEmpty)
        #expect(pair.logs["b"]?.contains("[IKE] no proposal chosen for IPsec phase from 10.0.0.1") == true)
    }

    @Test func bothSidesInitiatingKeepOneISAKMPSAAndTwoPairs() {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA))], now: .zero)
        pair.run(until: .seconds(5))
        for engine in [pair.a, pair.b] {
            let rows = engine.status(now: pair.now)
            #expect(rows.filter { $0.kind == .isakmp }.count == 1)
            #expect(rows.count == 5)
        }
    }

    @Test func rekeyReplacesThePairBeforeItExpires() {
        let pair = EnginePair()
        let short = Phase2Proposal(encryption: .aes128CBC, integrity: .hmacSHA1_96, lifetime: 400, mode: .transport)
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), phase2: short)], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false, phase2: short)], now: .zero)
        pair.run(until: .seconds(1_000))
        let a = pair.installed["a"] ?? []
        #expect(a.count >= 3)  // renewed at 300 s and 600 s and 900 s
        #expect(pair.a.children.count == 1)
        #expect(pair.b.children.count == 1)
        #expect(pair.a.children.first?.outbound == pair.b.children.first?.inbound)
    }

    @Test func deleteAllTellsThePeer() {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.run(until: .seconds(5))
        pair.a.configure([], now: pair.now)
        pair.run(until: .seconds(10))
        #expect(pair.a.children.isEmpty && pair.b.children.isEmpty)
        #expect(pair.b.status(now: pair.now).isEmpty)
    }
}
