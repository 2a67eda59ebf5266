import Foundation
import OracleSupport
import Testing
@testable import Lab

/// `Examples/dns-proxy.yaml`: a PC resolves through its router's recursive server, by DHCP, a name a
/// `dns` node beyond the router's masquerade holds; a static entry, the private address spoof and a
/// cache hit are answered without a query upstream (its steps check `show queries` on the node).
@Suite struct DNSLabTests {
    static func lab() throws -> LabFile { try LabFile.load(ExampleLabTests.examples.appendingPathComponent("dns-proxy.yaml")) }

    @Test func resolvesThroughTheRouter() throws {
        var out = ""
        let run = try LabRun(try Self.lab()) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        #expect(out.contains("pc1$ dig www.example.com"))
    }

    /// tshark reads every DNS message of the lab: none malformed, and the upstream link carries one
    /// query per name the cache and the static records did not answer.
    @Test(.enabled(if: Oracle.enabled)) func capturesDecodeAsDNS() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-dns-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabRun(try Self.lab(), capture: true) { _ in }
        #expect(run.run())
        for file in try run.writeCaptures(to: dir) {
            let bad = try Oracle.tshark(["-r", file.path, "-o", "udp.check_checksum:TRUE", "-Y", "_ws.malformed || _ws.expert.severity == error",
                                         "-T", "fields", "-e", "frame.number"])
            #expect(bad.isEmpty, "\(file.lastPathComponent): \(bad)")
        }
        let wan = dir.appendingPathComponent("yamaha01.lan2--dns1.eth0.pcap").path
        let queries = try Oracle.tshark(["-r", wan, "-Y", "dns.flags.response == 0", "-T", "fields", "-e", "ip.src", "-e", "dns.qry.name"])
            .split(separator: "\n")
        // Five forwarded by the proxy, one dig straight to dns1 through the masquerade.
        #expect(queries.count == 6 && queries.allSatisfy { $0.hasPrefix("203.0.113.1\t") }, "\(queries)")
        #expect(!queries.contains { $0.contains("printer.home.example") || $0.contains("192.168.100") })
        let lan = dir.appendingPathComponent("pc1.eth0--yamaha01.lan1.pcap").path
        let answers = try Oracle.tshark(["-r", lan, "-Y", "dns.flags.response == 1", "-T", "fields", "-e", "dns.flags.rcode"])
        // Nine digs, each answered once.
        #expect(answers.split(separator: "\n").count == 9)
    }

    @Test(arguments: [
        ("dns1: { kind: dns }", "nodes.dns1.address"),
        ("dns1: { kind: dns, address: 10.0.0.1/24, records: [a] }", "nodes.dns1.records"),
        ("dns1: { kind: dns, address: 10.0.0.1/24, records: { www.example.com: nowhere } }", "nodes.dns1.records.www.example.com"),
        ("dns1: { kind: dns, address: 10.0.0.1/24, records: { 10.0.0.9: \"no such!\" } }", "nodes.dns1.records.10.0.0.9"),
        ("dns1: { kind: dns, address: 10.0.0.1/24, ttl: -1 }", "nodes.dns1.ttl"),
        ("dns1: { kind: dns, address: 10.0.0.1/24, dhcp: true }", "nodes.dns1.dhcp"),
    ])
    func refusesBadDNSNodes(node: String, key: String) {
        let yaml = "nodes:\n  \(node)\n"
        #expect(throws: LabFileError.self) { try LabFile.parse(yaml, fileName: "x.yaml", directory: nil) }
        do { _ = try LabFile.parse(yaml, fileName: "x.yaml", directory: nil) } catch { #expect(error.key == key, "\(error)") }
    }
}
