import NIOCore
import Router
import Wire

/// Routers on PPPoE after a lab brought their sessions up, with the frames that cross their data
/// paths, and the same router on an Ethernet WAN as the reference of the routed path:
/// - `routed`: branch1, lan1 → NAT → pp1 → PPPoE (a pc1 → server frame) and back (the server's answer
///   in the session, to the masquerade's port);
/// - `routedReference`: ref1, the same LAN and NAT with `ip lan2 address` instead of pp1;
/// - `tunnel`: b1 of two branches on PPPoE joined by an `l2tpv3-raw` tunnel bridged to lan1, its
///   endpoints their pp addresses (pc1 → pc2 into the tunnel, and pc2 → pc1 out of it). Its
///   reference is `DataPathFixture`, the same tunnel over Ethernet.
public struct PPPoEDataPathFixture {
    /// One router's path: `encapsulate` enters `lanPort` and leaves by `wanPort`, `decapsulate` the other way.
    public struct Path {
        public let router: Router
        public let lanPort: String
        public let wanPort: String
        public let encapsulate: ByteBuffer
        public let decapsulate: ByteBuffer

        public init(router: Router, lanPort: String, wanPort: String, encapsulate: ByteBuffer, decapsulate: ByteBuffer) {
            self.router = router
            self.lanPort = lanPort
            self.wanPort = wanPort
            self.encapsulate = encapsulate
            self.decapsulate = decapsulate
        }
    }

    public let now: Duration
    public let tunnelNow: Duration
    public let routed: Path
    public let routedReference: Path
    public let tunnel: Path

    public init(frameSize: Int) throws {
        (routed, routedReference, now) = try PPPoEDataPathFixture.routedPaths(frameSize: frameSize)
        (tunnel, tunnelNow) = try PPPoEDataPathFixture.tunnelPath(frameSize: frameSize)
    }

    static let pp = """
    pp select 1
     pp always-on on
     pppoe use lan2
     pp auth accept pap chap
     pp auth myname USER secret1
     ppp lcp mru on 1454
     ppp ipcp ipaddress on
     ip pp mtu 1454
     ip pp nat descriptor 1
     pp enable 1
    pp select none
    ip route default gateway pp 1
    nat descriptor type 1 masquerade
    nat descriptor address outer 1 ipcp
    """

    static func router(_ name: String, _ lines: String) -> String {
        "  \(name):\n    kind: router\n    config: |\n" + lines.split(separator: "\n").map { "      \($0)\n" }.joined()
    }

    /// ref1: branch1's LAN and NAT with an Ethernet WAN.
    static let ethernetWAN = """
    ip lan1 address 192.168.10.1/24
    ip lan2 address 203.0.113.2/24
    ip lan2 nat descriptor 1
    ip route default gateway 203.0.113.1
    nat descriptor type 1 masquerade
    nat descriptor address outer 1 203.0.113.2
    """

    static let routedLab = """
    seed: 5
    nodes:
    \(router("branch1", "ip lan1 address 192.168.10.1/24\n" + pp.replacingOccurrences(of: "USER", with: "branch1@isp1")))
    \(router("ref1", ethernetWAN))
      pc1: { kind: host, address: 192.168.10.2/24, gateway: 192.168.10.1 }
      pc2: { kind: host, address: 192.168.10.2/24, gateway: 192.168.10.1 }
      isp1: { kind: isp, users: { branch1@isp1: secret1 }, address: 100.64.0.1, pool: 100.64.0.10-100.64.0.99, upstream: { address: 203.0.113.1/24 } }
      sw: { kind: switch, ports: 4 }
      server: { kind: host, address: 203.0.113.80/24, gateway: 203.0.113.1 }
    links:
      - { a: pc1, b: branch1.lan1 }
      - { a: branch1.lan2, b: isp1.access }
      - { a: isp1.upstream, b: sw.port1 }
      - { a: server, b: sw.port2 }
      - { a: ref1.lan2, b: sw.port3 }
      - { a: pc2, b: ref1.lan1 }
    steps:
      - { wait: 10s }
      - { node: branch1, command: show status pp 1, expect: Connected }
      - { node: pc1, command: ping -c 2 203.0.113.80, expect: 2 packets received }
      - { node: pc2, command: ping -c 2 203.0.113.80, expect: 2 packets received }
    """

    static func tunnelLab(_ n: Int) -> String {
        "ip bridge1 address 192.168.100.\(n)/24\nbridge member bridge1 lan1 tunnel1\n" + pp.replacingOccurrences(of: "USER", with: "b\(n)@isp1")
    }

    static let tunnelLab = """
    seed: 6
    nodes:
    \(router("b1", tunnelLab(1)))
    \(router("b2", tunnelLab(2)))
      pc1: { kind: host, address: 192.168.100.10/24 }
      pc2: { kind: host, address: 192.168.100.20/24 }
      isp1: { kind: isp, users: { b1@isp1: secret1, b2@isp1: secret1 }, address: 100.64.0.1, pool: 100.64.0.10-100.64.0.99 }
      access: { kind: switch, ports: 4 }
    links:
      - { a: pc1, b: b1.lan1 }
      - { a: pc2, b: b2.lan1 }
      - { a: b1.lan2, b: access.port1 }
      - { a: b2.lan2, b: access.port2 }
      - { a: isp1.access, b: access.port3 }
    steps:
      - { wait: 10s }
      - { node: b1, command: show status pp 1, expect: Connected }
      - { node: b2, command: show status pp 1, expect: Connected }
    """

    private static func fail(_ message: String) -> LabFileError {
        LabFileError(file: "pppoe-fixture", line: nil, key: "steps", message: message)
    }

    private static func run(_ yaml: String) throws -> LabRun {
        let run = try LabRun(try LabFile.parse(yaml, fileName: "pppoe-fixture.yaml", directory: nil)) { _ in }
        guard run.run() else { throw fail("the lab failed: \(run.failures)") }
        return run
    }

    /// Types lines into a node's console as a lab step does; returns what it printed.
    private static func type(_ lines: [String], on node: any LabNode, _ run: LabRun) -> String {
        var seen = ""
        for line in lines {
            run.network.enter(line, on: node)
            run.network.run(to: run.network.now + LabRun.commandLimit) { !node.isConsoleBusy }
            seen += node.takeConsoleOutput()
        }
        return seen
    }

    /// The IPv4 packet in a PPPoE session frame.
    private static func sessionPacket(_ frame: ByteBuffer) throws -> ByteBuffer {
        let (ethernet, payload) = try EthernetHeader.parse(frame)
        guard ethernet.etherType == EtherType.pppoeSession else { throw fail("not a PPPoE session frame") }
        return try PPPoESessionHeader.parse(payload).body
    }

    /// The masquerade's source port of a UDP packet the router sent.
    private static func udpSourcePort(_ packet: ByteBuffer) throws -> UInt16 {
        let (ip, segment) = try IPv4Header.parse(packet)
        guard ip.protocol == IPProtocol.udp, let port = segment.getInteger(at: segment.readerIndex, as: UInt16.self) else {
            throw fail("not UDP")
        }
        return port
    }

    /// Sends `frame` in at `port` once and returns the one frame that leaves by `out`.
    private static func cross(_ router: Router, _ frame: ByteBuffer, in port: String, out: String, now: Duration) throws -> ByteBuffer {
        _ = router.takeTransmissions()
        router.receive(frame, on: port, now: now)
        let sent = router.takeTransmissions()
        guard sent.count == 1, sent[0].port == out else { throw fail("\(router.name): expected one frame out of \(out), got \(sent.map(\.port))") }
        return sent[0].frame
    }

    private static func routedPaths(frameSize size: Int) throws -> (Path, Path, Duration) {
        let run = try run(routedLab)
        let now = run.network.now
        guard let branch = (run.network.nodes["branch1"] as? RouterNode)?.router, let ref = (run.network.nodes["ref1"] as? RouterNode)?.router,
              let pc1 = run.network.nodes["pc1"] as? LabHost, let pc2 = run.network.nodes["pc2"] as? LabHost,
              let server = run.network.nodes["server"] as? LabHost, let isp = run.network.nodes["isp1"] as? LabISP,
              let serverIP = server.address?.address, let session = isp.server.sessions.first,
              let branchLAN = branch.mac(of: "lan1"), let refLAN = ref.mac(of: "lan1"), let refWAN = ref.mac(of: "lan2"),
              let pc1IP = pc1.address?.address, let pc2IP = pc2.address?.address else { throw fail("the lab lacks its nodes or session") }
        let outBranch = DataPathFixture.frame(from: pc1.mac, pc1IP, to: branchLAN, serverIP, size: size)
        let outRef = DataPathFixture.frame(from: pc2.mac, pc2IP, to: refLAN, serverIP, size: size)
        // The answers go to the ports the masquerades chose for the first frame.
        let branchPort = try udpSourcePort(try sessionPacket(try cross(branch, outBranch, in: "lan1", out: "lan2", now: now)))
        let refPort = try udpSourcePort(try EthernetHeader.parse(try cross(ref, outRef, in: "lan1", out: "lan2", now: now)).payload)
        let answer = DataPathFixture.frame(from: server.mac, serverIP, to: branchLAN, session.address, size: size,
                                           ports: (9, branchPort))
        guard let inBranch = isp.server.send(ipv4: try EthernetHeader.parse(answer).payload, to: session.address) else {
            throw fail("the ISP has no session for \(session.address)")
        }
        let inRef = DataPathFixture.frame(from: server.mac, serverIP, to: refWAN, IPv4Address(203, 0, 113, 2), size: size, ports: (9, refPort))
        return (Path(router: branch, lanPort: "lan1", wanPort: "lan2", encapsulate: outBranch, decapsulate: inBranch),
                Path(router: ref, lanPort: "lan1", wanPort: "lan2", encapsulate: outRef, decapsulate: inRef), now)
    }

    private static func tunnelPath(frameSize size: Int) throws -> (Path, Duration) {
        let run = try run(tunnelLab)
        guard let n1 = run.network.nodes["b1"] as? RouterNode, let n2 = run.network.nodes["b2"] as? RouterNode,
              let pc1 = run.network.nodes["pc1"] as? LabHost, let pc2 = run.network.nodes["pc2"] as? LabHost,
              let isp = run.network.nodes["isp1"] as? LabISP,
              let a1 = isp.server.sessions.first(where: { $0.username == "b1@isp1" })?.address,
              let a2 = isp.server.sessions.first(where: { $0.username == "b2@isp1" })?.address,
              let pc1IP = pc1.address?.address, let pc2IP = pc2.address?.address else { throw fail("the lab lacks its nodes or sessions") }
        for (node, local, remote, n, peer) in [(n1, a1, a2, 1, 2), (n2, a2, a1, 2, 1)] {
            _ = type(["tunnel select 1", "tunnel encapsulation l2tpv3-raw", "tunnel endpoint address \(local) \(remote)",
                      "l2tp always-on on", "l2tp local router-id 192.168.100.\(n)", "l2tp remote router-id 192.168.100.\(peer)",
                      "l2tp remote end-id PPBENCH", "tunnel enable 1", "tunnel select none", "l2tp service on l2tpv3"], on: node, run)
        }
        run.network.run(to: run.network.now + .seconds(20))
        let status = type(["show status l2tp"], on: n1, run)
        guard status.contains("Circuit Status local:UP peer:UP") else { throw fail("the tunnel did not come up: \(status)") }
        guard type(["ping -c 2 \(pc2IP)"], on: pc1, run).contains("2 packets received") else { throw fail("pc1 cannot reach pc2") }
        let now = run.network.now
        let encapsulate = DataPathFixture.frame(from: pc1.mac, pc1IP, to: pc2.mac, pc2IP, size: size)
        // b2 encapsulates the reverse frame in its session; the ISP carries the packet into b1's.
        let sent = try cross(n2.router, DataPathFixture.frame(from: pc2.mac, pc2IP, to: pc1.mac, pc1IP, size: size), in: "lan1", out: "lan2", now: now)
        guard let decapsulate = isp.server.send(ipv4: try sessionPacket(sent), to: a1) else { throw fail("the ISP has no session for \(a1)") }
        return (Path(router: n1.router, lanPort: "lan1", wanPort: "lan2", encapsulate: encapsulate, decapsulate: decapsulate), now)
    }
}
