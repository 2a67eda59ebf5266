import Foundation
import OracleSupport
import Testing
@testable import Lab

/// A router whose WAN is `pp 1` over PPPoE to a lab `isp` node: NAT, DNS and filters on the pp,
/// the idle timer and dial on demand, `disconnect pp` / `connect pp`, and a refused password.
@Suite struct PPPoERouterLabTests {
    static func lab(pp: String, extra: String = "", password: String = "secret1") -> String {
        """
        nodes:
          branch1:
            kind: router
            config: |
              ip route default gateway pp 1
              ip lan1 address 192.168.10.1/24
              pp select 1
               pppoe use lan2
               pp auth accept pap chap
               pp auth myname branch1@isp1 \(password)
               ppp lcp mru on 1454
               ppp ipcp ipaddress on
               ppp ipcp msext on
               ip pp mtu 1454
               ip pp nat descriptor 1
        \(indent(pp, 7))
               pp enable 1
              nat descriptor type 1 masquerade
              nat descriptor address outer 1 ipcp
              dns server pp 1
              dns service recursive
        \(indent(extra, 6))
          pc1: { kind: host, address: 192.168.10.2/24, gateway: 192.168.10.1 }
          dns1: { kind: dns, address: 203.0.113.53/24, gateway: 203.0.113.1, records: { www.example.com: 203.0.113.80 } }
          web: { kind: host, address: 203.0.113.80/24, gateway: 203.0.113.1, listen: [tcp/80, udp/7] }
          attacker: { kind: host, address: 203.0.113.66/24, gateway: 203.0.113.1 }
          internet: { kind: switch, ports: 4 }
          isp1: { kind: isp, ac-name: ISP1-AC, auth: chap, users: { branch1@isp1: secret1 }, address: 100.64.0.1,
                  pool: 100.64.0.10-100.64.0.99, dns: [203.0.113.53], upstream: { address: 203.0.113.1/24 } }
        links:
          - { a: pc1, b: branch1.lan1 }
          - { a: branch1.lan2, b: isp1.access }
          - { a: isp1.upstream, b: internet.port1 }
          - { a: dns1, b: internet.port2 }
          - { a: web, b: internet.port3 }
          - { a: attacker, b: internet.port4 }
        """
    }

    static func indent(_ lines: String, _ spaces: Int) -> String {
        lines.split(separator: "\n").map { String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
    }

    static func run(_ yaml: String, capture: Bool = false) throws -> LabRun {
        try LabRun(try LabFile.parse(yaml, fileName: "pppoe.yaml", directory: nil), capture: capture) { _ in }
    }

    static func type(_ line: String, on name: String, _ run: LabRun) throws -> String {
        let node = try #require(run.network.nodes[name])
        run.network.enter(line, on: node)
        run.network.run(to: run.network.now + LabRun.commandLimit) { !node.isConsoleBusy }
        return node.takeConsoleOutput()
    }

    static func wait(_ seconds: Int, _ run: LabRun) { run.network.run(to: run.network.now + .seconds(seconds)) }

    @Test func theLANReachesTheInternetThroughNATOnThePP() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on"))
        Self.wait(10, run)
        let status = try Self.type("show status pp 1", on: "branch1", run)
        #expect(status.contains("Current PPPoE session status is Connected."))
        #expect(status.contains("PP IP Address Local: 100.64.0.10, Remote: 100.64.0.1"))
        #expect(status.contains("Primary-DNS(203.0.113.53)"))
        #expect(try Self.type("ping -c 3 203.0.113.80", on: "pc1", run).contains("3 packets received"))
        #expect(try Self.type("tcp 203.0.113.80 80", on: "pc1", run).contains("open (SYN-ACK)"))
        // The DNS proxy asks the server IPCP announced.
        #expect(try Self.type("dig www.example.com @192.168.10.1", on: "pc1", run).contains("203.0.113.80"))
        let nat = try Self.type("show nat descriptor address", on: "branch1", run)
        #expect(nat.contains("Assigned Interface : PP[01](1)") && nat.contains("Outer address: 100.64.0.10"))
        #expect(try Self.type("show ip route", on: "branch1", run).contains("PP[01]"))
        // Counted in the session's figures, both ways.
        let after = try Self.type("show status pp 1", on: "branch1", run)
        #expect(!after.contains("Received: 0 packets"))
    }

    @Test func anIdleSessionHangsUpAndTheNextPacketDials() throws {
        let run = try Self.run(Self.lab(pp: "pppoe auto disconnect on\npppoe disconnect time 30"))
        Self.wait(10, run)
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Connected"))
        Self.wait(40, run)
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Current PPPoE session status is Disconnected"))
        // The first packet dials (and is lost, as on an RTX); the next ones go through the new session.
        _ = try Self.type("udp 203.0.113.80 7", on: "pc1", run)
        Self.wait(5, run)
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Current PPPoE session status is Connected."))
        #expect(try Self.type("ping -c 2 203.0.113.80", on: "pc1", run).contains("2 packets received"))
        #expect(try Self.type("show status drop", on: "branch1", run).contains("pp-down"))
    }

    @Test func disconnectHoldsThePPDownUntilConnect() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on"))
        Self.wait(10, run)
        _ = try Self.type("disconnect pp 1", on: "branch1", run)
        Self.wait(120, run)
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Disconnected (disconnect pp)"))
        #expect(try Self.type("show pppoe session", on: "isp1", run).contains("branch1@isp1") == false)
        _ = try Self.type("connect pp 1", on: "branch1", run)
        Self.wait(10, run)
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Current PPPoE session status is Connected."))
        #expect(try Self.type("connect pp 9", on: "branch1", run).contains("Error"))
    }

    @Test func aWrongPasswordIsLoggedAndRetriedWithAHoldOff() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on", password: "wrong"))
        Self.wait(600, run)
        let log = try Self.type("show log", on: "branch1", run)
        #expect(log.contains("Disconnected, cause [PPP: Authentication failed]"))
        // 10 s, 20 s, 40 s between tries, then it stops after three failures in a row: no busy loop.
        let tries = log.components(separatedBy: "Connecting to PPPoE server").count - 1
        #expect((2...4).contains(tries), "\(tries) tries")
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Disconnected"))
    }

    @Test func secureFilterOnThePPRejectsAndLogsWithItsName() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on\nip pp secure filter in 100 101\nip pp secure filter out 199 dynamic 190",
                                        extra: "ip filter 100 pass * * icmp * *\nip filter 101 reject * * * * *\nip filter 199 pass * * * * *\nip filter dynamic 190 * * tcp"))
        Self.wait(10, run)
        #expect(try Self.type("tcp 203.0.113.80 80", on: "pc1", run).contains("open (SYN-ACK)"))
        _ = try Self.type("udp 100.64.0.10 9999", on: "attacker", run)
        let log = try Self.type("show log", on: "branch1", run)
        #expect(log.contains("PP[01] Rejected at IN(101) filter: UDP 203.0.113.66:"), "\(log)")
    }

    /// The ISP forgets the session without a word (as after its restart): the router's LCP echo finds
    /// out, and always-on dials a new session.
    @Test func aForgottenSessionIsFoundOutByKeepaliveAndRedialled() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on\npp keepalive use lcp-echo\npp keepalive interval 10 retry-interval=1 count=3"))
        Self.wait(10, run)
        #expect(try Self.type("clear pppoe session branch1@isp1 silent", on: "isp1", run).contains("forgotten"))
        Self.wait(60, run)
        let log = try Self.type("show log", on: "branch1", run)
        #expect(log.contains("PPPOE[01] Disconnected"), "\(log)")
        #expect(log.components(separatedBy: "PP[01] PPP/IPCP up").count == 3, "\(log)")
        #expect(try Self.type("ping -c 2 203.0.113.80", on: "pc1", run).contains("2 packets received"))
    }

    /// tshark reads the router's side of the access link: discovery, LCP, CHAP, IPCP and the data.
    @Test(.enabled(if: Oracle.enabled)) func capturesDecode() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on"), capture: true)
        Self.wait(10, run)
        _ = try Self.type("ping -c 2 203.0.113.80", on: "pc1", run)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-pppoe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in try run.writeCaptures(to: dir) {
            let bad = try Oracle.tshark(["-r", file.path, "-Y", "_ws.malformed || _ws.expert.severity == error", "-T", "fields", "-e", "frame.number"])
            #expect(bad.isEmpty, "\(file.lastPathComponent): \(bad)")
        }
        let access = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix("branch1.lan2") })
        let path = dir.appendingPathComponent(access).path
        for filter in ["pppoed && pppoe.code == 0x07", "pppoed && pppoe.code == 0x65", "lcp.opt.mru == 1454", "chap.code == 2", "chap.code == 3",
                       "ipcp && ppp.code == 2", "pppoes && icmp.type == 0"] {
            #expect(!(try Oracle.tshark(["-r", path, "-Y", filter, "-T", "fields", "-e", "frame.number"])).isEmpty, "\(filter)")
        }
        let address = try Oracle.tshark(["-r", path, "-Y", "ipcp && ppp.code == 2", "-T", "fields", "-e", "ipcp.opt.ip_address"])
        #expect(address.contains("100.64.0.10"), "\(address)")
    }

    /// Two pps on one port (RTX's multi-session PPPoE, not built): the router keeps running, pp 1
    /// keeps the port, and pp 2 stays down.
    @Test func twoPPsOnOnePortDoNotCrashAndTheFirstKeepsIt() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on",
                                        extra: "pp select 2\n pppoe use lan2\n pp auth myname branch1@isp1 secret1\n pp always-on on\n pp enable 2\npp select none"))
        Self.wait(10, run)
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Current PPPoE session status is Connected."))
        #expect(!(try Self.type("show status pp 2", on: "branch1", run).contains("is Connected.")))
    }

    /// `pp disable 1` while up: the session ends with a PADT at once, and the ISP frees it.
    @Test func disablingThePPSendsPADTAndTheISPFreesTheSession() throws {
        let run = try Self.run(Self.lab(pp: "pp always-on on"))
        Self.wait(10, run)
        #expect(try Self.type("show pppoe session", on: "isp1", run).contains("branch1@isp1"))
        _ = try Self.type("pp disable 1", on: "branch1", run)
        Self.wait(1, run)
        #expect(!(try Self.type("show pppoe session", on: "isp1", run).contains("branch1@isp1")))
        #expect(try Self.type("show log", on: "isp1", run).contains("PADT from the peer"))
        #expect(try Self.type("show status pp 1", on: "branch1", run).contains("Current PPPoE session status is Disabled."))
        #expect(!(try Self.type("show ip route", on: "branch1", run).contains("PP[01]")))
    }
}
