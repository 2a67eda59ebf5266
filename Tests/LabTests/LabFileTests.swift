import Foundation
import Testing
@testable import Lab

@Suite struct LabFileTests {
    func error(_ yaml: String) -> LabFileError? {
        do { _ = try LabFile.parse(yaml, fileName: "lab.yaml", directory: nil); return nil } catch { return error }
    }

    @Test func parsesTheDocumentedForm() throws {
        let lab = try LabFile.parse("""
        seed: 7
        nodes:
          r1: { kind: router, model: RTX830, config: "ip lan1 address 10.0.0.1/24\\n" }
          pc1: { kind: host, address: 10.0.0.2/24, gateway: 10.0.0.1 }
        links:
          - { a: r1.lan1, b: pc1, delay: 50us, loss: 20%, jitter: 1ms, duplicate: 0.1, reorder: 5% }
        steps:
          - { node: pc1, command: "ping -c 2 10.0.0.1", expect: "2 packets received" }
          - { wait: 1.5s }
          - { link: pc1, down: true }
        """, fileName: "lab.yaml", directory: nil)
        #expect(lab.seed == 7 && lab.nodes.count == 2 && lab.steps.count == 3)
        let p = lab.links[0].properties
        #expect(p.delay == .microseconds(50) && p.loss == 0.2 && p.jitter == .milliseconds(1) && p.duplicate == 0.1 && p.reorder == 0.05)
        guard case let .wait(d) = lab.steps[1] else { Issue.record("not a wait"); return }
        #expect(d == .milliseconds(1500))
    }

    @Test func errorsNameKeyAndLine() {
        let e1 = error("""
        nodes:
          r1: { kind: router }
        links:
          - { a: r1.lan1, b: pc9 }
        """)
        #expect(e1?.key == "links[0].b" && e1?.line == 4 && e1?.message.contains("pc9") == true)
        let e2 = error("""
        nodes:
          r1: { kind: router }
          r2: { kind: router }
        links:
          - { a: r1.lan1, b: r2.lan1, delay: fast }
        """)
        #expect(e2?.key == "links[0].delay" && e2?.line == 5)
        let e3 = error("""
        nodes:
          pc: { kind: host, dhcp: true, colour: red }
        """)
        #expect(e3?.key == "nodes.pc.colour" && e3?.line == 2)
        #expect(error("nodes:\n  x: { kind: toaster }\n")?.key == "nodes.x.kind")
        #expect(error("nodes:\n  x: { kind: host }\n")?.message.contains("dhcp") == true)
        #expect(error("nodes: [\n")?.key == "yaml")
        #expect(e1?.description == "lab.yaml:4: links[0].b: no node named 'pc9'")
    }

    @Test func unknownPortIsRefusedWhenBuilding() throws {
        let lab = try LabFile.parse("""
        nodes:
          r1: { kind: router }
          pc: { kind: host, dhcp: true }
        links:
          - { a: r1.lan7, b: pc }
        """, fileName: "lab.yaml", directory: nil)
        #expect(throws: LabFileError.self) { try LabRun(lab) { _ in } }
    }

    @Test func durations() {
        #expect(LabDuration.parse("50us") == .microseconds(50))
        #expect(LabDuration.parse("2ms") == .milliseconds(2))
        #expect(LabDuration.parse("5m") == .seconds(300))
        #expect(LabDuration.parse("1h") == .seconds(3600))
        #expect(LabDuration.parse("-1s") == nil)
        #expect(LabDuration.parse("1") == nil)
    }
}
