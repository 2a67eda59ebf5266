import Foundation
import OracleSupport
import Testing
import Wire
@testable import Lab

/// A lab `isp` node with PPPoE subscribers (test-only nodes that answer it frame by frame) and a
/// routed upstream: sessions come up with pool addresses and DNS, IPv4 goes
/// between sessions and upstream, dynamic DNS follows each user's address, and the ISP's console
/// drops sessions and chooses the next address so a reconnect gets a new one.
@Suite struct ISPLabTests {
    static let yaml = """
    seed: 3
    nodes:
      isp1:
        kind: isp
        ac-name: ISP1-AC
        users: { branch1: secret1, branch2: secret2 }
        address: 100.64.0.1
        pool: 100.64.0.10-100.64.0.20
        dns: [203.0.113.53]
        keepalive: 5s
        upstream: { address: 203.0.113.2/24 }
        dynamic-dns: { server: dns1, names: { branch1: branch1.dyn.example, branch2: branch2.dyn.example } }
      access: { kind: switch, ports: 4 }
      internet: { kind: switch, ports: 4 }
      dns1: { kind: dns, address: 203.0.113.53/24, gateway: 203.0.113.2 }
      server: { kind: host, address: 203.0.113.80/24, gateway: 203.0.113.2 }
    links:
      - { a: isp1.access, b: access.port1 }
      - { a: isp1.upstream, b: internet.port1 }
      - { a: dns1, b: internet.port2 }
      - { a: server, b: internet.port3 }
    """

    /// The lab with two subscribers on the access switch, dialled and up.
    static func network(capture: Bool = false) throws -> (LabRun, ScriptedSubscriber, ScriptedSubscriber) {
        let run = try LabRun(try LabFile.parse(yaml, fileName: "isp.yaml", directory: nil), capture: capture) { _ in }
        let b1 = ScriptedSubscriber(name: "b1", mac: MACAddress(0x02_00_00_00_0B_01), username: "branch1", password: "secret1")
        let b2 = ScriptedSubscriber(name: "b2", mac: MACAddress(0x02_00_00_00_0B_02), username: "branch2", password: "secret2")
        for (node, port) in [(b1, "port2"), (b2, "port3")] {
            run.network.add(node)
            run.network.connect(Endpoint(node: node.name, port: "eth0"), Endpoint(node: "access", port: port), properties: LinkProperties())
        }
        type("connect", on: b1, run)
        type("connect", on: b2, run)
        run.network.run(to: run.network.now + .seconds(5))
        return (run, b1, b2)
    }

    @discardableResult
    static func type(_ line: String, on node: any LabNode, _ run: LabRun) -> String {
        run.network.enter(line, on: node)
        run.network.run(to: run.network.now + LabRun.commandLimit) { !node.isConsoleBusy }
        return node.takeConsoleOutput()
    }

    static func isp(_ run: LabRun) throws -> LabISP { try #require(run.network.nodes["isp1"] as? LabISP) }

    @Test func sessionsComeUpAndCarryIPv4() throws {
        let (run, b1, b2) = try Self.network()
        let a1 = try #require(b1.address, "\(b1.events)")
        let a2 = try #require(b2.address, "\(b2.events)")
        #expect(Set([a1, a2]) == [IPv4Address(100, 64, 0, 10), IPv4Address(100, 64, 0, 11)])
        #expect(b1.dns == [IPv4Address(203, 0, 113, 53)])
        // Subscriber to upstream and back, subscriber to subscriber, the ISP's own address, and in from upstream.
        #expect(Self.type("ping 203.0.113.80", on: b1, run).contains("reply from 203.0.113.80: ttl=63"))
        #expect(Self.type("ping \(a2)", on: b1, run).contains("reply from \(a2): ttl=63"))
        #expect(Self.type("ping 100.64.0.1", on: b2, run).contains("reply from 100.64.0.1: ttl=64"))
        let server = try #require(run.network.nodes["server"])
        #expect(Self.type("ping -c 2 \(a1)", on: server, run).contains("2 packets received"))
        // Nothing holds 100.64.0.19, and 198.51.100.1 has no route: both answered with unreachable, counted.
        let isp = try Self.isp(run)
        #expect(Self.type("ping 100.64.0.19", on: b1, run).contains("ICMP type 3 code 1 from 100.64.0.1"))
        #expect(Self.type("ping 198.51.100.1", on: b1, run).contains("ICMP type 3 code 0 from 100.64.0.1"))
        #expect(isp.drops[.ispNoSession] == 1 && isp.drops[.ispNoRoute] == 1)
        let sessions = Self.type("show pppoe session", on: isp, run)
        #expect(sessions.contains("branch1") && sessions.contains("branch2") && sessions.contains("sessions: 2, next address: 100.64.0.12"), "\(sessions)")
    }

    @Test func aClearedSessionReconnectsWithTheChosenAddressAndDynamicDNSFollows() throws {
        let (run, b1, _) = try Self.network()
        let server = try #require(run.network.nodes["server"])
        let before = try #require(b1.address)
        #expect(Self.type("dig branch1.dyn.example @203.0.113.53", on: server, run).contains("branch1.dyn.example.\t300\tIN\tA\t\(before)"))
        let isp = try Self.isp(run)
        #expect(Self.type("pool next 100.64.0.17", on: isp, run).contains("next address: 100.64.0.17"))
        #expect(Self.type("clear pppoe session branch1", on: isp, run).contains("terminated"))
        run.network.run(to: run.network.now + .seconds(3))
        #expect(b1.address == nil && b1.events.last == "down: LCP terminated", "\(b1.events)")
        Self.type("connect", on: b1, run)
        run.network.run(to: run.network.now + .seconds(5))
        #expect(b1.address == IPv4Address(100, 64, 0, 17), "\(b1.events)")
        #expect(Self.type("dig branch1.dyn.example @203.0.113.53", on: server, run).contains("branch1.dyn.example.\t300\tIN\tA\t100.64.0.17"))
        #expect(Self.type("ping -c 1 100.64.0.17", on: server, run).contains("1 packets received"))
        #expect(Self.type("show log", on: isp, run).contains("dynamic DNS: branch1.dyn.example. A 100.64.0.17"))
    }

    /// A session the ISP forgets without a word: the subscriber's packets are refused from then on.
    @Test func aSilentlyForgottenSessionIsRefused() throws {
        let (run, _, b2) = try Self.network()
        let isp = try Self.isp(run)
        #expect(Self.type("clear pppoe session branch2 silent", on: isp, run).contains("forgotten"))
        #expect(Self.type("ping 203.0.113.80", on: b2, run).contains("timeout"))
        #expect(isp.drops[.pppoeWrongSession, default: 0] >= 1)
        #expect(Self.type("show status", on: isp, run).contains("dropped: pppoe-wrong-session"))
    }

    /// Two ISPs on one upstream segment, each routing the other's pool through it: their subscribers
    /// reach each other two routed hops apart.
    @Test func twoISPsRouteToEachOther() throws {
        let yaml = """
        nodes:
          isp1: { kind: isp, users: { a: pa }, address: 100.64.0.1, pool: 100.64.0.10-100.64.0.20,
                  upstream: { address: 203.0.113.2/24, routes: { 100.64.1.0/24: 203.0.113.3 } } }
          isp2: { kind: isp, users: { b: pb }, address: 100.64.1.1, pool: 100.64.1.10-100.64.1.20,
                  upstream: { address: 203.0.113.3/24, routes: { 100.64.0.0/24: 203.0.113.2 } } }
        links:
          - { a: isp1.upstream, b: isp2.upstream }
        """
        let run = try LabRun(try LabFile.parse(yaml, fileName: "two.yaml", directory: nil)) { _ in }
        let a = ScriptedSubscriber(name: "a", mac: MACAddress(0x02_00_00_00_0A_01), username: "a", password: "pa")
        let b = ScriptedSubscriber(name: "b", mac: MACAddress(0x02_00_00_00_0A_02), username: "b", password: "pb")
        for (node, isp) in [(a, "isp1"), (b, "isp2")] {
            run.network.add(node)
            run.network.connect(Endpoint(node: node.name, port: "eth0"), Endpoint(node: isp, port: "access"), properties: LinkProperties())
            Self.type("connect", on: node, run)
        }
        run.network.run(to: run.network.now + .seconds(2))
        #expect(a.address == IPv4Address(100, 64, 0, 10) && b.address == IPv4Address(100, 64, 1, 10), "\(a.events) \(b.events)")
        #expect(Self.type("ping 100.64.1.10", on: a, run).contains("reply from 100.64.1.10: ttl=62"))
        #expect(Self.type("ping 203.0.113.3", on: a, run).contains("reply from 203.0.113.3: ttl=63"))
    }

    @Test func consoleRefusesWhatItDoesNotKnow() throws {
        let (run, _, _) = try Self.network()
        let isp = try Self.isp(run)
        #expect(Self.type("pool next 10.0.0.1", on: isp, run).contains("expected an address in 100.64.0.10-100.64.0.20"))
        #expect(Self.type("clear pppoe session nobody", on: isp, run).contains("no session nobody"))
        #expect(Self.type("reboot", on: isp, run).contains("command not found"))
    }

    /// tshark decodes every frame of the access and upstream links: PPPoE discovery, LCP, CHAP, IPCP
    /// and the IPv4 inside, none malformed.
    @Test(.enabled(if: Oracle.enabled)) func capturesDecodeAsPPPoE() throws {
        let (run, b1, _) = try Self.network(capture: true)
        Self.type("ping 203.0.113.80", on: b1, run)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-isp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in try run.writeCaptures(to: dir) {
            let bad = try Oracle.tshark(["-r", file.path, "-Y", "_ws.malformed || _ws.expert.severity == error", "-T", "fields", "-e", "frame.number"])
            #expect(bad.isEmpty, "\(file.lastPathComponent): \(bad)")
        }
        let access = dir.appendingPathComponent("isp1.access--access.port1.pcap").path
        let codes = try Oracle.tshark(["-r", access, "-Y", "pppoed", "-T", "fields", "-e", "pppoe.code"])
        #expect(codes.contains("0x09") && codes.contains("0x07") && codes.contains("0x19") && codes.contains("0x65"), "\(codes)")
        let chap = try Oracle.tshark(["-r", access, "-Y", "chap", "-T", "fields", "-e", "chap.code"])
        #expect(chap.contains("3"), "\(chap)")
        let icmp = try Oracle.tshark(["-r", access, "-Y", "icmp && pppoes", "-T", "fields", "-e", "ip.src"])
        #expect(icmp.contains("203.0.113.80"))
    }
}
