import Foundation
import Testing
@testable import Lab

/// The L2TPv3 tunnel over a bad WAN (20% loss, duplication, reordering, jitter), then a 5-minute
/// outage: Examples/l2tp-reliability.yaml must hold its expectations in every seed. 1,000 seeds
/// with SOFTRTX_SOAK=1 (as .ci/run does), 40 otherwise.
@Suite struct L2TPReliabilityTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples/l2tp-reliability.yaml").standardized
    static let seedsPerQuarter: UInt64 = ProcessInfo.processInfo.environment["SOFTRTX_SOAK"] == "1" ? 250 : 10

    @Test(arguments: [0, 1, 2, 3] as [UInt64])
    func everySeedComesUpAndRecovers(quarter: UInt64) throws {
        var lab = try LabFile.load(Self.file)
        let n = Self.seedsPerQuarter
        for seed in (quarter * n)..<((quarter + 1) * n) {
            lab.seed = seed + 1
            let run = try LabRun(lab) { _ in }
            if !run.run() {
                Issue.record("seed \(lab.seed) failed; replay with `swift run softrtx lab Examples/l2tp-reliability.yaml --seed \(lab.seed)`: \(run.failures.map(\.description).joined(separator: "\n"))")
                return
            }
        }
    }
}
