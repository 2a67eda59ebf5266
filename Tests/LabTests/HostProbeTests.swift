import Testing
@testable import Lab

/// The lab host's `tcp` and `udp` commands against a host that listens on some ports: each outcome
/// a filter test relies on (open, closed, answered, unreachable, no answer) appears as its own line.
@Suite struct HostProbeTests {
    func run(_ steps: String) throws -> (passed: Bool, output: String, failures: String) {
        let lab = try LabFile.parse("""
        nodes:
          a: { kind: host, address: 10.0.0.1/24 }
          b: { kind: host, address: 10.0.0.2/24, listen: [tcp/80, udp/7] }
        links:
          - { a: a, b: b }
        steps:
        \(steps)
        """, fileName: "probe.yaml", directory: nil)
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        let passed = run.run()
        return (passed, out, "\(run.failures)")
    }

    @Test func eachOutcomeHasItsLine() throws {
        let result = try run("""
          - { node: a, command: "tcp 10.0.0.2 80", expect: "tcp 10.0.0.2 port 80: open (SYN-ACK)" }
          - { node: a, command: "tcp 10.0.0.2 81", expect: "tcp 10.0.0.2 port 81: closed (RST)" }
          - { node: a, command: "udp 10.0.0.2 7", expect: "udp 10.0.0.2 port 7: answered (" }
          - { node: a, command: "udp 10.0.0.2 9", expect: "udp 10.0.0.2 port 9: unreachable (ICMP type 3 code 3 from 10.0.0.2)" }
          - { node: a, command: "tcp 10.0.0.3 80", expect: "tcp 10.0.0.3 port 80: no answer in 3 s" }
          - { node: a, command: "tcp 10.0.0.2", expect: "usage: tcp ADDRESS PORT" }
        """)
        #expect(result.passed, "\(result.failures)\n\(result.output)")
    }

    @Test func listenListIsChecked() {
        #expect(throws: LabFileError.self) {
            try LabFile.parse("nodes:\n  b: { kind: host, address: 10.0.0.2/24, listen: [tcp/0] }\n", fileName: "x.yaml", directory: nil)
        }
        #expect(throws: LabFileError.self) {
            try LabFile.parse("nodes:\n  b: { kind: host, address: 10.0.0.2/24, listen: tcp/80 }\n", fileName: "x.yaml", directory: nil)
        }
    }
}

/// A lab switch joins several nodes on one segment and learns where each MAC is.
@Suite struct LabSwitchTests {
    @Test func joinsThreeHostsAndLearns() throws {
        let lab = try LabFile.parse("""
        nodes:
          sw: { kind: switch, ports: 3 }
          a: { kind: host, address: 10.0.0.1/24 }
          b: { kind: host, address: 10.0.0.2/24, listen: [udp/7] }
          c: { kind: host, address: 10.0.0.3/24 }
        links:
          - { a: a, b: sw.port1 }
          - { a: b, b: sw.port2 }
          - { a: c, b: sw.port3 }
        steps:
          - { node: a, command: "ping -c 2 10.0.0.3", expect: "2 packets received" }
          - { node: c, command: "udp 10.0.0.2 7", expect: "answered" }
          - { node: sw, command: "show mac", expect: ["port1", "port2", "port3"] }
        """, fileName: "switch.yaml", directory: nil)
        var out = ""
        let run = try LabRun(lab, capture: true) { out += $0 }
        #expect(run.run(), "\(run.failures)\n\(out)")
        // Once learned, the echo requests and replies between a and c are not copied to b's port:
        // b's cable sees only the broadcasts (ARP) of that exchange, then its own datagram.
        let frames = Dictionary(uniqueKeysWithValues: run.network.captures.map { ($0.name, $0.pcap.frames.count) })
        #expect(frames["a.eth0--sw.port1.pcap"]! >= 6)
        #expect(frames["b.eth0--sw.port2.pcap"]! <= 6, "\(frames)")
    }

    @Test func portCountIsChecked() {
        #expect(throws: LabFileError.self) { try LabFile.parse("nodes:\n  s: { kind: switch, ports: 1 }\n", fileName: "x", directory: nil) }
        #expect(throws: LabFileError.self) { try LabFile.parse("nodes:\n  s: { kind: switch, ports: 49 }\n", fileName: "x", directory: nil) }
    }
}
