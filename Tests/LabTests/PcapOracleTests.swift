import Foundation
import OracleSupport
import Testing
@testable import Lab

/// tshark, an independent decoder, reads every pcap the seed lab writes. Runs with SOFTRTX_ORACLES=1 (.ci/run).
@Suite(.enabled(if: Oracle.enabled))
struct PcapOracleTests {
    func tshark(_ args: [String]) throws -> String { try Oracle.tshark(args) }

    /// How SoftRTX's L2TPv3 looks on the wire: no cookie, no L2-Specific Sublayer, digests keyed by the seed's password.
    static let l2tp = ["-o", "l2tp.cookie_size:None", "-o", "l2tp.l2_specific:None", "-o", "l2tp.shared_secret:test1234"]

    @Test func seedLabCapturesDecodeCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-pcap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabRun(try LabFile.builtinSeed(), capture: true) { _ in }
        #expect(run.run())
        let files = try run.writeCaptures(to: dir)
        #expect(files.count == 6)
        var total = 0
        var protocols = ""
        for file in files {
            let frames = try tshark(["-r", file.path, "-T", "fields", "-e", "frame.number"])
            total += frames.split(separator: "\n").count
            let bad = try tshark(["-r", file.path, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"] + Self.l2tp
                                 + ["-Y", "_ws.malformed || _ws.expert.severity == error", "-T", "fields", "-e", "frame.number"])
            #expect(bad.isEmpty, "\(file.lastPathComponent): malformed or bad-checksum frames \(bad)")
            protocols += try tshark(["-r", file.path, "-T", "fields", "-e", "frame.protocols", "-e", "dhcp.option.dhcp"] + Self.l2tp)
        }
        #expect(total > 100)
        #expect(protocols.contains("eth:ethertype:arp"))
        #expect(protocols.contains("eth:ethertype:ip:icmp:data"))
        // DISCOVER, OFFER, REQUEST, ACK decoded as DHCP by tshark.
        for type in ["1", "2", "3", "5"] { #expect(protocols.contains("udp:dhcp\t\(type)"), "DHCP message type \(type)") }

        // The WAN side of yamaha01: every L2TPv3 control message, digests verified, the pseudowire's payload as Ethernet.
        let wan = dir.appendingPathComponent("yamaha01.lan2--wan1.lan1.pcap").path
        let types = try tshark(["-r", wan, "-Y", "l2tp.type == 1", "-T", "fields", "-e", "l2tp.avp.message_type"] + Self.l2tp)
        for (name, code) in [("SCCRQ", "1"), ("SCCRP", "2"), ("SCCCN", "3"), ("ICRQ", "10"), ("ICRP", "11"), ("ICCN", "12")] {
            #expect(types.split(separator: "\n").contains { $0.split(separator: ",").contains(Substring(code)) }, "\(name) decoded")
        }
        // Wireshark pairs nonces by the order SCCRQs pass a capture point; where both ends' simultaneous SCCRQs
        // pass in the other order (the links nearer yamaha02) it picks the wrong one, so digests are checked here.
        let digests = try tshark(["-r", wan, "-Y", "l2tp.avp.message_digest", "-T", "fields", "-e", "frame.number"] + Self.l2tp)
        #expect(digests.split(separator: "\n").count >= 6, "signed control messages")
        let incorrect = try tshark(["-r", wan, "-Y", "l2tp.incorrect_digest", "-T", "fields", "-e", "frame.number"] + Self.l2tp)
        #expect(incorrect.isEmpty, "Wireshark verified every digest: \(incorrect)")
        let inner = try tshark(["-r", wan, "-Y", "l2tp.sid", "-T", "fields", "-e", "frame.protocols"] + Self.l2tp)
        #expect(inner.contains("l2tp:ethertype:arp") || inner.contains("l2tp:eth:ethertype:arp"), "ARP inside the pseudowire: \(inner.prefix(300))")
        #expect(inner.contains("ethertype:ip:icmp"), "ICMP inside the pseudowire")
        // Proof the digest check bites: with another secret every signed message is flagged.
        let wrong = try tshark(["-r", wan, "-o", "l2tp.cookie_size:None", "-o", "l2tp.l2_specific:None", "-o", "l2tp.shared_secret:wrong",
                                "-Y", "l2tp.incorrect_digest", "-T", "fields", "-e", "frame.number"])
        #expect(wrong.split(separator: "\n").count == digests.split(separator: "\n").count)
    }

    @Test func keepaliveHelloDecodes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-pcap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/l2tp-reliability.yaml").standardized
        let run = try LabRun(try LabFile.load(file), capture: true) { _ in }
        #expect(run.run())
        _ = try run.writeCaptures(to: dir)
        let pcap = dir.appendingPathComponent("wan1.lan2--wan2.lan1.pcap").path
        let hello = try tshark(["-r", pcap, "-Y", "l2tp.avp.message_type == 6", "-T", "fields", "-e", "frame.number"] + Self.l2tp)
        #expect(!hello.isEmpty, "HELLO decoded")
        let bad = try tshark(["-r", pcap, "-Y", "_ws.malformed", "-T", "fields", "-e", "frame.number"] + Self.l2tp)
        #expect(bad.isEmpty)
    }
}

/// tshark reads the NAT-traversal lab's capture between the branch's NAT and the provider.
@Suite(.enabled(if: Oracle.enabled))
struct NATTraversalOracleTests {
    @Test func espInUDP4500DecodesAndDecrypts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-pcap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = ExampleLabTests.examples.appendingPathComponent("l2tpv3-ipsec-nat-traversal.yaml")
        let run = try LabRun(try LabFile.load(file), capture: true) { _ in }
        #expect(run.run(), "\(run.failures)")
        _ = try run.writeCaptures(to: dir)
        let keyLog = Set(run.takeKeyLog()).sorted()  // both ends log the same keys
        let esp = keyLog.filter { $0.hasPrefix("\"IPv4\"") }
        let ike = keyLog.filter { !$0.hasPrefix("\"IPv4\"") }.map { $0.replacingOccurrences(of: "\"", with: "") }
        var decrypt = ["-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE"]
        for line in esp { decrypt += ["-o", "uat:esp_sa:\(line)"] }
        for line in ike { decrypt += ["-o", "uat:ikev1_decryption_table:\(line)"] }
        let pcap = dir.appendingPathComponent("home.lan2--isp.lan1.pcap").path
        func fields(_ filter: String, _ field: String = "frame.number") throws -> [Substring] {
            try Oracle.tshark(["-r", pcap, "-Y", filter, "-T", "fields", "-e", field] + PcapOracleTests.l2tp + decrypt)
                .split(separator: "\n")
        }
        #expect(try fields("_ws.malformed || _ws.expert.severity == error").isEmpty)
        // NAT-D in Main Mode (RFC 3947 payload 20), then IKE behind the non-ESP marker on 4500.
        #expect(try !fields("isakmp.ike.nat_hash && udp.port == 500").isEmpty, "NAT-D")
        #expect(try !fields("udpencap && isakmp").isEmpty, "IKE on 4500")
        // Quick Mode (decrypted) carries NAT-OAi and NAT-OAr both ways: the branch's original address from the
        // branch, the address the centre saw from the centre.
        let originals = try fields("isakmp.exchangetype == 32 && isakmp.ike.nat_original_address_ipv4", "isakmp.ike.nat_original_address_ipv4")
        #expect(originals.contains("192.168.1.1,192.168.2.1") && originals.contains("10.0.12.1,192.168.2.1"), "NAT-OA \(originals)")
        // ESP in UDP 4500 through the NAT, decrypted to the L2TPv3 inside, checked by its ICV.
        let encapsulated = try fields("udpencap && esp && udp.port == 4500", "frame.protocols")
        #expect(encapsulated.count > 10)
        #expect(encapsulated.contains { $0.contains("udpencap:esp:udp:l2tp") }, "\(encapsulated.prefix(3))")
        #expect(try fields("esp.icv_good == 1").count > 10)
        #expect(try fields("esp.icv_bad == 1").isEmpty)
        // NAT-keepalives from the branch's side only, every 20 s (the link is down, and not captured, from 36 s to 126 s).
        let keepalives = try fields("udp.dstport == 4500 && udp.length == 9 && udpencap.nat_keepalive", "ip.src")
        #expect(keepalives.count >= 3 && keepalives.allSatisfy { $0 == "10.0.12.1" })
        let times = try fields("udpencap.nat_keepalive", "frame.time_relative").compactMap { Double($0) }
        #expect(times.count >= 3 && zip(times, times.dropFirst()).suffix(2).allSatisfy { abs($1 - $0 - 20) < 0.1 }, "\(times)")
        // No ESP outside UDP: the NAT has no static entry for it.
        #expect(try fields("ip.proto == 50").isEmpty)
    }
}
