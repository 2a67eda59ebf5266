import Config
import Router
import Testing
import Wire

/// `show status lanN`: description, address, MAC, MTU, and traffic while `statistics traffic on`.
@Suite struct StatusLANTests {
    @Test func showsTheDescriptionAndCountsTrafficWhenOn() throws {
        var bench = try Bench("ip lan1 address 192.168.100.1/24\ndescription lan1 branch lan\nstatistics traffic on")
        let request = arpRequest(from: hostMAC, ip: "192.168.100.2", asking: "192.168.100.1")
        let replies = bench.send(request, on: "lan1")
        #expect(replies.count == 1)
        #expect(bench.type("show status lan1") == """
        LAN1
        Description:                    branch lan
        IP Address:                     192.168.100.1/24
        Ethernet address:               \(bench.mac("lan1"))
        Maximum Transmission Unit(MTU): 1500 octets
        Transmitted:                    1 packet (\(replies[0].frame.readableBytes) octets)
        Received:                       1 packet (\(request.readableBytes) octets)

        """)
        // Off: no counting and no traffic lines; on again starts from zero.
        _ = bench.type("statistics traffic off")
        _ = bench.send(request, on: "lan1")
        #expect(!bench.type("show status lan1").contains("Transmitted"))
        _ = bench.type("statistics traffic on")
        #expect(bench.type("show status lan2").hasSuffix("Transmitted:                    0 packets (0 octets)\nReceived:                       0 packets (0 octets)\n"))
        #expect(bench.type("show status lan9") == "Error: Invalid parameter\n")
    }
}
