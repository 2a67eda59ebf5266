import Foundation
import NIOCore
import Testing
import Wire
@testable import Lab

/// Console changes to a running tunnel take effect at once, and `l2tpv3` (IPsec) never leaks L2TP
/// in the clear.
@Suite struct TunnelAdministrationTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples").standardized

    /// The reliability lab's routers on one cable, then `steps` (which first widen the lan2 networks
    /// so each router reaches the other's address directly).
    func lab(_ steps: String) throws -> (ok: Bool, out: String, run: LabRun) {
        let yaml = """
        nodes:
          yamaha01: { kind: router, config: \(Self.examples.path)/reliability/yamaha01.conf }
          yamaha02: { kind: router, config: \(Self.examples.path)/reliability/yamaha02.conf }
        links:
          - { a: yamaha01.lan2, b: yamaha02.lan2 }
        steps:
          - { wait: 5s }
        \(steps)
        """
        let file = try LabFile.parse(yaml, fileName: "t.yaml", directory: nil)
        var out = ""
        let run = try LabRun(file, capture: true) { out += $0 }
        return (run.run(), out, run)
    }

    @Test func disableAndEnableFromTheConsole() throws {
        let (ok, out, _) = try lab("""
          - node: yamaha01
            command: |
              ip lan2 address 192.168.1.1/16
          - node: yamaha02
            command: |
              ip lan2 address 192.168.2.1/16
          - { wait: 40s }
          - node: yamaha01
            command: show status l2tp
            expect: "Session State: established"
          - node: yamaha01
            command: |
              tunnel disable 1
              show status l2tp
            expect: "Tunnel Control: 0, Session Control: 0"
          - { wait: 5s }
          - node: yamaha02
            command: show status l2tp
            reject: "Tunnel State: established"
          - node: yamaha01
            command: tunnel enable 1
          - { wait: 20s }
          - node: yamaha02
            command: show status l2tp
            expect: "Session State: established"
          - node: yamaha02
            command: |
              l2tp service off
              show status l2tp
            expect: "Tunnel Control: 0"
          - node: yamaha02
            command: l2tp service on l2tpv3
          - { wait: 30s }
          - node: yamaha01
            command: show status l2tp
            expect: "Session State: established"
        """)
        #expect(ok, "\(out)")
    }

    @Test func ipsecEncapsulationSendsNoL2TPInTheClear() throws {
        let (ok, out, run) = try lab("""
          - node: yamaha01
            command: ip lan2 address 192.168.1.1/16
          - node: yamaha02
            command: ip lan2 address 192.168.2.1/16
          - { wait: 40s }
          - node: yamaha01
            command: show status l2tp
            expect: "Session State: established"
          - node: yamaha01
            command: |
              tunnel select 1
              tunnel encapsulation l2tpv3
          - node: yamaha02
            command: |
              tunnel select 1
              tunnel encapsulation l2tpv3
          - { wait: 120s }
          - node: yamaha01
            command: |
              show status l2tp
              show status drop
            expect: [ "Tunnel State: wait_ctl_reply", "l2tp-no-ipsec-sa" ]
          - node: yamaha01
            command: ping -c 3 192.168.100.2
            expect: "100.0% packet loss"
        """)
        #expect(ok, "\(out)")
        // After the switch (StopCCN aside), not one L2TP packet crosses the WAN.
        guard let pcap = run.network.captures.first?.pcap else { Issue.record("no capture"); return }
        let switchedAt = Duration.seconds(45)
        var late = 0
        for (time, frame) in pcap.frames where time > switchedAt + .seconds(1) {
            guard let (eth, ipPayload) = try? EthernetHeader.parse(frame), eth.etherType == EtherType.ipv4,
                  let (ip, l4) = try? IPv4Header.parse(ipPayload), ip.protocol == IPProtocol.udp,
                  let (udp, _) = try? UDPHeader.parse(l4, source: ip.source, destination: ip.destination) else { continue }
            if udp.sourcePort == 1701 || udp.destinationPort == 1701 { late += 1 }
        }
        #expect(late == 0, "\(late) L2TP packets in the clear after `tunnel encapsulation l2tpv3`")
    }
}
