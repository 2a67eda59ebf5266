import Foundation
import OracleSupport
import Testing
@testable import Lab

/// tshark decrypts what the seed lab's routers sent in steps 3 and 4 (L2TPv3 over transport-mode ESP keyed by IKEv1,
/// through both masquerades) with nothing but the lab's key log, as a user would (README: "Decrypting a lab capture").
/// Runs with SOFTRTX_ORACLES=1.
@Suite(.enabled(if: Oracle.enabled))
struct IPsecPcapOracleTests {
    /// The four links between yamaha01 and yamaha02: each sees the same packets, NATed to 192.168.1.1 / 192.168.2.1.
    static let wanLinks = ["yamaha01.lan2--wan1.lan1.pcap", "wan1.lan2--wan2.lan1.pcap", "wan2.lan2--wan3.lan1.pcap",
                           "wan3.lan2--yamaha02.lan2.pcap"]
    static let options = ["-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
                          "-o", "l2tp.cookie_size:None", "-o", "l2tp.l2_specific:None", "-o", "l2tp.shared_secret:test1234",
                          // Where yamaha02's SCCRQ passes first (the links nearer it), Wireshark pairs the step 3 session with
                          // the wrong connection and leaves its payload undecoded: name the pseudowire type it falls back to.
                          "-d", "l2tp.pw_type==0,eth"]

    /// The key log as Wireshark's two key tables in a Wireshark configuration folder, each line as it is.
    static func writeKeyTables(_ keyLog: [String], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let phase1 = keyLog.filter { !$0.hasPrefix("\"IPv4\"") }
        let esp = keyLog.filter { $0.hasPrefix("\"IPv4\"") }
        try Data(phase1.map { $0 + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("ikev1_decryption_table"))
        try Data(esp.map { $0 + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("esp_sa"))
    }

    /// tshark's fields as rows of columns, with the key tables of `config`.
    func fields(_ file: URL, config: URL, _ filter: String, _ names: [String]) throws -> [[String]] {
        let output = try Oracle.tshark(["-n", "-r", file.path] + Self.options + ["-Y", filter, "-T", "fields", "-E", "separator=/t"]
                                       + names.flatMap { ["-e", $0] }, environment: ["WIRESHARK_CONFIG_DIR": config.path])
        return output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func seedLabIPsecDecryptsWithTheKeyLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-ipsec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabRun(try LabFile.builtinSeed(), capture: true) { _ in }
        #expect(run.run(), "failures: \(run.failures)")
        _ = try run.writeCaptures(to: dir)
        let keyLog = run.takeKeyLog()

        // The key log: each router logs both ISAKMP SAs' keys (both initiate; 3DES: 24-byte keys) and both ESP pairs
        // (AES-128 and HMAC-SHA1 keys, any address since the NATs rewrite them).
        let phase1 = Set(keyLog.filter { !$0.hasPrefix("\"IPv4\"") })
        let esp = Set(keyLog.filter { $0.hasPrefix("\"IPv4\"") })
        #expect(phase1.count == 2 && esp.count == 4, "key log:\n\(keyLog.joined(separator: "\n"))")
        #expect(keyLog.count == 12)
        for line in phase1 { #expect(line.wholeMatch(of: /[0-9a-f]{16},[0-9a-f]{48}/) != nil, "\(line)") }
        for line in esp {
            #expect(line.wholeMatch(of: /"IPv4","\*","\*","0x[0-9a-f]{8}","AES-CBC \[RFC3602\]","0x[0-9a-f]{32}","HMAC-SHA-1-96 \[RFC2404\]","0x[0-9a-f]{40}"/) != nil,
                    "\(line)")
        }
        let cookies = Set(phase1.map { String($0.prefix(16)) })
        let spis = Set(esp.map { String($0.split(separator: ",")[3].dropFirst().dropLast()) })
        let config = dir.appendingPathComponent("wireshark")
        try Self.writeKeyTables(keyLog, to: config)
        let noKeys = dir.appendingPathComponent("no-keys")
        try FileManager.default.createDirectory(at: noKeys, withIntermediateDirectories: true)

        for link in Self.wanLinks {
            let file = dir.appendingPathComponent(link)
            let bad = try fields(file, config: config, "_ws.malformed || _ws.expert.severity == error", ["frame.number", "_ws.expert.message"])
            #expect(bad.isEmpty, "\(link): malformed or erroneous frames \(bad)")

            // ISAKMP: Main Mode in the clear up to message 4, then encrypted messages decrypted with the phase 1 keys.
            let isakmp = try fields(file, config: config, "isakmp", [
                "frame.number", "isakmp.ispi", "isakmp.exchangetype", "isakmp.flag_e", "isakmp.hash", "isakmp.id.type",
                "isakmp.id.data.ipv4_addr", "isakmp.id.protoid", "isakmp.id.port", "isakmp.nonce", "isakmp.prop.protoid",
                "isakmp.delete.protoid", "isakmp.delete.spi"])
            let encrypted = isakmp.filter { $0[3] == "1" }
            #expect(isakmp.count >= 20 && encrypted.count >= 14, "\(link): \(isakmp.count) ISAKMP messages, \(encrypted.count) encrypted")
            for row in encrypted {
                #expect(!row[4].isEmpty, "\(link) frame \(row[0]): an encrypted message decrypts to a HASH payload first: \(row)")
                #expect(cookies.contains(row[1]), "\(link) frame \(row[0]): ISAKMP SA \(row[1]) is in the key log")
            }
            // Main Mode 5 and 6 (both ISAKMP SAs): the peers' IDs, their inner addresses (the NAT rewrites only the IP header).
            let mainMode56 = encrypted.filter { $0[2] == "2" }
            #expect(mainMode56.count == 4, "\(link): Main Mode 5/6 \(mainMode56)")
            #expect(mainMode56.allSatisfy { $0[5] == "1" && !$0[4].isEmpty })
            #expect(Set(mainMode56.map { $0[6] }) == ["192.168.100.1", "192.168.100.2"])
            // Quick Mode 1 and 2: ESP proposals, nonces and the UDP 1701 selectors of `ipsec transport 1 100 udp 1701`.
            let quickMode12 = encrypted.filter { $0[2] == "32" && !$0[9].isEmpty }
            #expect(quickMode12.count >= 4, "\(link): Quick Mode 1/2 \(quickMode12)")
            for row in quickMode12 {
                #expect(row[10] == "3" && row[7] == "17,17" && row[8] == "1701,1701", "\(link) frame \(row[0]): \(row)")
            }
            #expect(encrypted.filter { $0[2] == "32" && $0[9].isEmpty }.count >= 2, "Quick Mode 3")
            #expect(encrypted.contains { $0[2] == "251" }, "\(link): YAMAHA heartbeats (exchange 251) decrypted")
            // Step 4: yamaha01 deletes its ESP SAs, and tells the peer.
            let deletedESP = encrypted.filter { $0[2] == "5" && $0[11] == "3" }.map { "0x" + $0[12] }
            #expect(!deletedESP.isEmpty && deletedESP.allSatisfy { spis.contains($0) }, "\(link): deleted ESP SAs \(deletedESP), key log \(spis)")

            // ESP: every ICV good, every packet L2TPv3 inside.
            let espRows = try fields(file, config: config, "esp", ["frame.number", "esp.spi", "esp.icv_good", "frame.protocols",
                                                                   "l2tp.type", "l2tp.avp.message_type", "eth.type"])
            #expect(espRows.count >= 25, "\(link): \(espRows.count) ESP packets")
            #expect(Set(espRows.map { $0[1] }).count == 2, "\(link): one SPI per direction")
            for row in espRows {
                #expect(spis.contains(row[1]) && row[2] == "1", "\(link) frame \(row[0]): SPI in the key log, ICV good: \(row)")
                #expect(row[3].contains(":ip:esp:udp:l2tp"), "\(link) frame \(row[0]): L2TPv3 inside: \(row[3])")
            }
            let control = espRows.filter { $0[4] == "1" }.flatMap { $0[5].split(separator: ",").map(String.init) }
            for (name, code) in [("SCCRQ", "1"), ("SCCRP", "2"), ("SCCCN", "3"), ("ICRQ", "10"), ("ICRP", "11"), ("ICCN", "12")] {
                #expect(control.contains(code), "\(link): \(name) inside ESP")
            }
            // Data: the bridged Ethernet frames (outer and inner EtherType IPv4), pings of yamaha01 and both PCs.
            let icmp = espRows.filter { $0[4] == "0" && $0[3].hasSuffix("l2tp:ethertype:ip:icmp:data") && $0[6] == "0x0800,0x0800" }
            #expect(icmp.count >= 22, "\(link): \(icmp.count) ICMP packets in the pseudowire inside ESP")

            // UDP 1701 in the clear only before IKE starts (step 2's l2tpv3-raw); never after, not even in step 4.
            let firstIKE = try #require(isakmp.first.flatMap { Int($0[0]) })
            let clear = try fields(file, config: config, "udp.port == 1701 && !esp", ["frame.number"]).compactMap { Int($0[0]) }
            #expect(clear.count >= 40, "\(link): step 2's L2TPv3 in the clear")
            #expect(clear.allSatisfy { $0 < firstIKE }, "\(link): UDP 1701 outside ESP after IKE began (frame \(firstIKE)): \(clear.filter { $0 >= firstIKE })")

        }

        // Control message digests (RFC 3931) verified inside ESP, on the link where Wireshark pairs the SCCRQs' nonces
        // right (PcapOracleTests). It keeps step 2's connection's nonces for the same addresses and ports and would
        // check the new SCCRP with them, so it reads the capture from IKE on.
        let wan = dir.appendingPathComponent(Self.wanLinks[0])
        let firstIKE = try #require(try fields(wan, config: config, "isakmp", ["frame.number"]).first.flatMap { Int($0[0]) })
        let slice = dir.appendingPathComponent("from-ike.pcap")
        _ = try Oracle.tshark(["-r", wan.path, "-Y", "frame.number >= \(firstIKE)", "-w", slice.path])
        let digests = try fields(slice, config: config, "l2tp.avp.message_digest", ["frame.number"])
        #expect(digests.count >= 6, "signed control messages inside ESP")
        let incorrect = try fields(slice, config: config, "l2tp.incorrect_digest", ["frame.number"])
        #expect(incorrect.isEmpty, "incorrect digests \(incorrect)")
        let wrongSecret = try Oracle.tshark(["-n", "-r", slice.path] + Self.options + ["-o", "l2tp.shared_secret:wrong", "-Y", "l2tp.incorrect_digest",
                                             "-T", "fields", "-e", "frame.number"], environment: ["WIRESHARK_CONFIG_DIR": config.path])
        #expect(wrongSecret.split(separator: "\n").count == digests.count, "the digest check bites")

        // Without the key log, tshark sees neither inside ESP nor inside encrypted ISAKMP: the checks above bite.
        #expect(try fields(wan, config: noKeys, "esp", ["frame.number"]).count >= 25)
        #expect(try fields(wan, config: noKeys, "esp.icv_good == 1 || (esp && l2tp) || isakmp.hash || isakmp.id.type", ["frame.number"]).isEmpty)
    }
}
