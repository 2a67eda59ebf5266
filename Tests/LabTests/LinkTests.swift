import Foundation
import Testing
@testable import Lab

@Suite struct LinkTests {
    func lab(link: String, steps: String) throws -> (Bool, String) {
        let yaml = """
        nodes:
          r1: { kind: router, config: "ip lan1 address 10.0.0.1/24\\n" }
          pc: { kind: host, address: 10.0.0.2/24, gateway: 10.0.0.1 }
        links:
          - { a: r1.lan1, b: pc, \(link) }
        steps:
        \(steps)
        """
        let file = try LabFile.parse(yaml, fileName: "t.yaml", directory: nil)
        var out = ""
        let run = try LabRun(file) { out += $0 }
        return (run.run(), out)
    }

    @Test func pingAcrossAPlainLink() throws {
        let (ok, out) = try lab(link: "delay: 100us", steps: "  - { node: pc, command: ping -c 3 10.0.0.1, expect: \"3 packets received\" }")
        #expect(ok)
        // The first reply waits for ARP: 4 link crossings; the rest 2.
        #expect(out.contains("icmp_seq=0 ttl=255 time=0.400ms") && out.contains("icmp_seq=1 ttl=255 time=0.200ms"))
    }

    @Test func downLinkLosesEverythingUntilUp() throws {
        let (ok, out) = try lab(link: "down: true", steps: """
          - { node: pc, command: ping -c 2 10.0.0.1, expect: "100.0% packet loss" }
          - { link: pc, down: false }
          - { node: r1, command: ping -c 2 10.0.0.2, expect: "2 packets received" }
        """)
        #expect(ok, "\(out)")
    }

    @Test func totalLossAndDuplication() throws {
        let (ok1, _) = try lab(link: "loss: 100%", steps: "  - { node: r1, command: ping -c 3 10.0.0.2, expect: \"0 packets received\" }")
        #expect(ok1)
        // Duplicated replies are printed once each: the session ignores duplicates.
        let (ok2, out) = try lab(link: "duplicate: 100%", steps: "  - { node: r1, command: ping -c 3 10.0.0.2, expect: \"3 packets received\" }")
        #expect(ok2)
        #expect(out.components(separatedBy: "icmp_seq=1 ").count == 2)
    }
}
