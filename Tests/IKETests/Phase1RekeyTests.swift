import IKE
import Testing

@Suite struct Phase1RekeyTests {
    /// The responder of a rekey holds the old and the new ISAKMP SA until the initiator deletes the old one; it
    /// must not take the pair for a simultaneous initiation and delete the new one (whichever cookie is lower).
    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func responderKeepsTheRenewedISAKMPSA(seed: UInt64) {
        let pair = EnginePair(seed: seed)
        let phase1 = Phase1Proposal(encryption: .tripleDESCBC, hash: .sha1, group: .modp1024, lifetime: 600)
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), phase1: phase1)], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .any, initiates: false, phase1: phase1)], now: .zero)
        pair.run(until: .seconds(1_400))
        #expect(pair.logs["a"]?.filter { $0.hasPrefix("[IKE] initiate ISAKMP phase") }.count == 4)  // 0, 450, 900, 1350 s
        #expect(pair.logs["a"]?.contains { $0.hasPrefix("[IKE] ISAKMP SA deleted by") } == false)
        for engine in [pair.a, pair.b] {
            #expect(engine.status(now: pair.now).filter { $0.kind == .isakmp }.count == 1)
        }
    }
}

extension Phase1RekeyTests {
    /// Both ends initiating (the seed's setup) with short lifetimes: after the duplicate is gone and several
    /// rekeys, one ISAKMP SA each and matching ESP pairs.
    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func bothInitiatingRekeyWithoutLosingTheSAs(seed: UInt64) {
        let pair = EnginePair(seed: seed)
        let phase1 = Phase1Proposal(encryption: .tripleDESCBC, hash: .sha1, group: .modp1024, lifetime: 600)
        let phase2 = Phase2Proposal(encryption: .aes128CBC, integrity: .hmacSHA1_96, lifetime: 300, mode: .transport)
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB), phase1: phase1, phase2: phase2)], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), phase1: phase1, phase2: phase2)], now: .zero)
        pair.run(until: .seconds(1_400))
        for engine in [pair.a, pair.b] {
            #expect(engine.status(now: pair.now).filter { $0.kind == .isakmp }.count == 1)
            #expect(!engine.children.isEmpty)
        }
        for child in pair.a.children {
            #expect(pair.b.children.contains { $0.inbound == child.outbound && $0.outbound == child.inbound })
        }
    }
}
