import Foundation
import Testing
@testable import Lab

@Suite struct ExampleLabTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples").standardized

    @Test func seedFinalConfigsBootAndShowThemselves() throws {
        let lab = try LabFile.load(Self.examples.appendingPathComponent("seed-final.yaml"))
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        // show config prints the seed file's lines back, in its order and indentation.
        let file = try String(contentsOf: Self.examples.appendingPathComponent("seed/yamaha01.conf"), encoding: .utf8)
        let expected = file.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(out.contains(expected))
    }
}
