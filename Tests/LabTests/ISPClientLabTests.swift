import Foundation
import OracleSupport
import Testing
import Wire
@testable import Lab

/// The lab `isp` node with subscribers dialling with the `PPP` module's own client (as a router will):
/// the link it gets, traffic through the ISP, a reconnect with a new address that dynamic DNS
/// follows, and a session the ISP forgets found out by the client's keepalive.
@Suite struct ISPClientLabTests {
    static func network(capture: Bool = false) throws -> (LabRun, PPPoEClientTestNode, PPPoEClientTestNode) {
        let run = try LabRun(try LabFile.parse(ISPLabTests.yaml, fileName: "isp.yaml", directory: nil), capture: capture) { _ in }
        let b1 = PPPoEClientTestNode(name: "b1", mac: MACAddress(0x02_00_00_00_0C_01), username: "branch1", password: "secret1", seed: 11)
        let b2 = PPPoEClientTestNode(name: "b2", mac: MACAddress(0x02_00_00_00_0C_02), username: "branch2", password: "secret2", seed: 12)
        for (node, port) in [(b1, "port2"), (b2, "port3")] {
            run.network.add(node)
            run.network.connect(Endpoint(node: node.name, port: "eth0"), Endpoint(node: "access", port: port), properties: LinkProperties())
        }
        ISPLabTests.type("connect", on: b1, run)
        ISPLabTests.type("connect", on: b2, run)
        run.network.run(to: run.network.now + .seconds(5))
        return (run, b1, b2)
    }

    @Test func clientsGetTheirLinkAndTrafficPasses() throws {
        let (run, b1, b2) = try Self.network()
        let l1 = try #require(b1.link, "\(b1.log)")
        let l2 = try #require(b2.link, "\(b2.log)")
        #expect(Set([l1.address, l2.address]) == [IPv4Address(100, 64, 0, 10), IPv4Address(100, 64, 0, 11)])
        #expect(l1.peerAddress == IPv4Address(100, 64, 0, 1) && l1.dns == [IPv4Address(203, 0, 113, 53)] && l1.mtu == 1454 && l1.acName == "ISP1-AC")
        #expect(ISPLabTests.type("ping 203.0.113.80", on: b1, run).contains("reply from 203.0.113.80: ttl=63"))
        #expect(ISPLabTests.type("ping \(l2.address)", on: b1, run).contains("reply from \(l2.address): ttl=63"))
        let server = try #require(run.network.nodes["server"])
        #expect(ISPLabTests.type("ping -c 2 \(l2.address)", on: server, run).contains("2 packets received"))
        // A minute of both keepalives: still up.
        run.network.run(to: run.network.now + .seconds(60))
        #expect(b1.link == l1 && b2.link == l2)
    }

    @Test func reconnectGetsTheChosenAddressAndDynamicDNSFollows() throws {
        let (run, b1, _) = try Self.network()
        let isp = try ISPLabTests.isp(run)
        ISPLabTests.type("pool next 100.64.0.15", on: isp, run)
        #expect(ISPLabTests.type("clear pppoe session branch1", on: isp, run).contains("terminated"))
        run.network.run(to: run.network.now + .seconds(3))
        #expect(b1.link == nil, "\(b1.log)")
        // The client waits out its 10 s hold-off after a loss before it dials again.
        ISPLabTests.type("connect", on: b1, run)
        run.network.run(to: run.network.now + .seconds(15))
        #expect(b1.link?.address == IPv4Address(100, 64, 0, 15), "\(b1.log)")
        let server = try #require(run.network.nodes["server"])
        #expect(ISPLabTests.type("dig branch1.dyn.example @203.0.113.53", on: server, run).contains("branch1.dyn.example.\t300\tIN\tA\t100.64.0.15"))
    }

    @Test func aForgottenSessionIsFoundOutByKeepalive() throws {
        let (run, _, b2) = try Self.network()
        let isp = try ISPLabTests.isp(run)
        #expect(ISPLabTests.type("clear pppoe session branch2 silent", on: isp, run).contains("forgotten"))
        run.network.run(to: run.network.now + .seconds(30))
        #expect(b2.link == nil, "\(b2.log)")
        #expect(isp.drops[.pppoeWrongSession, default: 0] >= 1)
    }

    /// tshark reads the access link of a client's session: discovery, LCP, CHAP, IPCP, the ping.
    @Test(.enabled(if: Oracle.enabled)) func capturesDecode() throws {
        let (run, b1, _) = try Self.network(capture: true)
        ISPLabTests.type("ping 203.0.113.80", on: b1, run)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-ispc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in try run.writeCaptures(to: dir) {
            let bad = try Oracle.tshark(["-r", file.path, "-Y", "_ws.malformed || _ws.expert.severity == error", "-T", "fields", "-e", "frame.number"])
            #expect(bad.isEmpty, "\(file.lastPathComponent): \(bad)")
        }
        let access = dir.appendingPathComponent("b1.eth0--access.port2.pcap").path
        let ipcp = try Oracle.tshark(["-r", access, "-Y", "ipcp && ppp.code == 2", "-T", "fields", "-e", "ipcp.opt.ip_address"])
        #expect(ipcp.contains("100.64.0.10") && ipcp.contains("100.64.0.1"), "\(ipcp)")
        let chap = try Oracle.tshark(["-r", access, "-Y", "chap.code == 3", "-T", "fields", "-e", "frame.number"])
        #expect(!chap.isEmpty)
    }
}
