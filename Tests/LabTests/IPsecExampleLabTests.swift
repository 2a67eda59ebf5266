import Foundation
import Testing
@testable import Lab

/// The IPsec example labs beyond the seed: NAT traversal with a heartbeat outage, Aggressive Mode with DPD and rekeys.
@Suite struct IPsecExampleLabTests {
    static func load(_ name: String) throws -> LabFile {
        try LabFile.load(ExampleLabTests.examples.appendingPathComponent(name))
    }

    @Test func natTraversalFloatsRecoversFromAnOutageAndComesBack() throws {
        let run = try LabRun(try Self.load("l2tpv3-ipsec-nat-traversal.yaml")) { _ in }
        #expect(run.run(), "\(run.failures)")
    }

    @Test func aggressiveModeBehindItsOwnNATSurvivesTwentyMinutesOfRekeys() throws {
        let run = try LabRun(try Self.load("l2tpv3-ipsec-aggressive-mode.yaml")) { _ in }
        #expect(run.run(), "\(run.failures)")
    }
}
