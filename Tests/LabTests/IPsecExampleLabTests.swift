import Foundation
import Testing
@testable import Lab

/// The IPsec example labs beyond the seed, over several seeds: NAT traversal with a heartbeat outage, Aggressive
/// Mode by key-id behind the branch's own NAT with DPD, 25 minutes of rekeys and an outage.
@Suite struct IPsecExampleLabTests {
    static func run(_ name: String, seed: UInt64) throws {
        var lab = try LabFile.load(ExampleLabTests.examples.appendingPathComponent(name))
        lab.seed = seed
        let run = try LabRun(lab) { _ in }
        #expect(run.run(), "replay with `swift run softrtx lab Examples/\(name) --seed \(seed)`: \(run.failures)")
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func natTraversalFloatsRecoversFromAnOutageAndComesBack(seed: UInt64) throws {
        try Self.run("l2tpv3-ipsec-nat-traversal.yaml", seed: seed)
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func aggressiveModeBehindItsOwnNATSurvivesRekeysAndAnOutage(seed: UInt64) throws {
        try Self.run("l2tpv3-ipsec-aggressive-mode.yaml", seed: seed)
    }
}
