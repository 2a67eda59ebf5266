import Foundation
import Testing
@testable import Lab

/// A router whose IKE gateway and L2TP tunnel use its own masquerade's outer address (its WAN address)
/// serves IKE, ESP and L2TP there without static entries, as it serves ping.
@Suite struct OuterAddressTests {
    @Test func centreMasqueradingItsOwnWANAddressStillAnswersIKE() throws {
        let yaml = """
        seed: 3
        nodes:
          yamaha01: { kind: router, model: RTX830, config: natt/yamaha01.conf }
          yamaha02: { kind: router, model: RTX830, config: natt/yamaha02.conf }
          home:     { kind: router, model: RTX830, config: natt/home.conf }
          isp:      { kind: router, model: RTX830, config: natt/isp.conf }
          pc1:      { kind: host, address: 192.168.100.50/24, gateway: 192.168.100.1 }
          pc2:      { kind: host, address: 192.168.100.60/24, gateway: 192.168.100.2 }
        links:
          - { a: pc1, b: yamaha01.lan1 }
          - { a: yamaha01.lan2, b: home.lan1 }
          - { a: home.lan2, b: isp.lan1 }
          - { a: isp.lan2, b: yamaha02.lan2 }
          - { a: yamaha02.lan1, b: pc2 }
        steps:
          - node: yamaha02
            command: |
              ip lan2 nat descriptor 1
              nat descriptor type 1 masquerade
              nat descriptor address outer 1 192.168.2.1
          - { wait: 30s }
          - node: yamaha02
            command: show ipsec sa
            expect: [ "Total: isakmp:1 send:1 recv:1", "10.0.12.1" ]
          - node: pc1
            command: ping -c 3 192.168.100.60
            expect: "3 packets transmitted, 3 packets received"
          - node: yamaha02
            command: show status drop
            reject: "nat-no-mapping"
        """
        let directory = ExampleLabTests.examples
        let lab = try LabFile.parse(yaml, fileName: "outer.yaml", directory: directory)
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
    }
}
