import Foundation
import Testing
import Wire
@testable import Lab

/// The `isp` node kind in lab files: its keys, defaults, and errors naming the key.
@Suite struct ISPLabFileTests {
    static let full = """
    nodes:
      dns1: { kind: dns, address: 203.0.113.53/24 }
      isp1:
        kind: isp
        ac-name: ISP1-AC
        service-name: internet
        auth: pap
        users: { branch1@isp1: secret1, branch2@isp1: secret2 }
        address: 100.64.0.1
        pool: 100.64.0.10-100.64.0.99
        dns: [203.0.113.53, 203.0.113.54]
        mru: 1400
        keepalive: 5s
        max-sessions: 8
        upstream: { address: 203.0.113.2/24, gateway: 203.0.113.1, routes: { 198.51.100.0/24: 203.0.113.3 } }
        dynamic-dns: { server: dns1, names: { branch1@isp1: branch1.dyn.example.net } }
    """

    @Test func parsesEveryKey() throws {
        let lab = try LabFile.parse(Self.full, fileName: "lab.yaml", directory: nil)
        guard case let .isp(spec) = try #require(lab.nodes.first { $0.name == "isp1" }).kind else { Issue.record("not an isp"); return }
        #expect(spec.acName == "ISP1-AC" && spec.serviceName == "internet" && spec.auth == .pap)
        #expect(spec.users == ["branch1@isp1": "secret1", "branch2@isp1": "secret2"])
        #expect(spec.address == IPv4Address(100, 64, 0, 1) && spec.pool == IPv4Address(100, 64, 0, 10)...IPv4Address(100, 64, 0, 99))
        #expect(spec.dns == [IPv4Address(203, 0, 113, 53), IPv4Address(203, 0, 113, 54)])
        #expect(spec.mru == 1400 && spec.keepalive == .seconds(5) && spec.maxSessions == 8)
        #expect(spec.upstream == .init(address: IPv4Prefix("203.0.113.2/24")!, gateway: IPv4Address(203, 0, 113, 1),
                                       routes: [.init(prefix: IPv4Prefix("198.51.100.0/24")!, gateway: IPv4Address(203, 0, 113, 3))]))
        #expect(spec.dynamicDNS == .init(server: "dns1", names: ["branch1@isp1": DNSName("branch1.dyn.example.net")!]))
    }

    @Test func defaults() throws {
        let lab = try LabFile.parse("nodes:\n  isp1: { kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9 }\n",
                                    fileName: "lab.yaml", directory: nil)
        guard case let .isp(spec) = lab.nodes[0].kind else { Issue.record("not an isp"); return }
        #expect(spec.acName == "isp1" && spec.serviceName == nil && spec.auth == .chap && spec.dns.isEmpty)
        #expect(spec.mru == 1454 && spec.keepalive == .seconds(10) && spec.maxSessions == 64 && spec.upstream == nil && spec.dynamicDNS == nil)
    }

    @Test(arguments: [
        ("{ kind: isp, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9 }", "nodes.isp1.users"),
        ("{ kind: isp, users: { u: p }, pool: 10.0.0.2-10.0.0.9 }", "nodes.isp1.address"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.9-10.0.0.2 }", "nodes.isp1.pool"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.5, pool: 10.0.0.2-10.0.0.9 }", "nodes.isp1.pool"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, auth: mschap }", "nodes.isp1.auth"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, dns: [1.1.1.1, 2.2.2.2, 3.3.3.3] }", "nodes.isp1.dns"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, mru: 1500 }", "nodes.isp1.mru"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, keepalive: 10ms }", "nodes.isp1.keepalive"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, max-sessions: 0 }", "nodes.isp1.max-sessions"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, upstream: { address: 192.0.2.2/24, gateway: 192.0.3.1 } }",
         "nodes.isp1.upstream.gateway"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, upstream: { gateway: 192.0.3.1 } }",
         "nodes.isp1.upstream.address"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, dynamic-dns: { server: dns9, names: { u: a.example } } }",
         "nodes.isp1.dynamic-dns.server"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, dynamic-dns: { server: dns9, names: { x: a.example } } }",
         "nodes.isp1.dynamic-dns.names"),
        ("{ kind: isp, users: { u: p }, address: 10.0.0.1, pool: 10.0.0.2-10.0.0.9, colour: red }", "nodes.isp1.colour"),
    ])
    func refusesBadISPNodes(node: String, key: String) {
        let yaml = "nodes:\n  isp1: \(node)\n"
        do {
            _ = try LabFile.parse(yaml, fileName: "x.yaml", directory: nil)
            Issue.record("accepted \(node)")
        } catch {
            #expect(error.key == key, "\(error)")
        }
    }
}
