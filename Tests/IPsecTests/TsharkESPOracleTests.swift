import Foundation
import NIOCore
import OracleSupport
import Testing
import Wire
@testable import IPsec

/// Our sealed packets checked by Wireshark's ESP dissector with the SA's keys: it must find the ICV
/// good and decode the UDP inside. Runs only with SOFTRTX_ORACLES=1, and then fails if tshark is missing.
@Suite(.enabled(if: Oracle.enabled))
struct TsharkESPOracleTests {
    static let cases: [(CipherAlgorithm, String, IntegrityAlgorithm, String, Bool)] = [
        (.aes128CBC, "AES-CBC [RFC3602]", .hmacSHA1_96, "HMAC-SHA-1-96 [RFC2404]", false),
        (.aes128CBC, "AES-CBC [RFC3602]", .hmacSHA1_96, "HMAC-SHA-1-96 [RFC2404]", true),
        (.aes256CBC, "AES-CBC [RFC3602]", .hmacSHA256_128, "HMAC-SHA-256-128 [RFC4868]", false),
        (.tripleDESCBC, "TripleDES-CBC [RFC2451]", .hmacMD5_96, "HMAC-MD5-96 [RFC2403]", false),
    ]

    @Test(arguments: cases)
    func tsharkVerifiesAndDecrypts(cipher: CipherAlgorithm, tsharkCipher: String, integrity: IntegrityAlgorithm,
                                   tsharkIntegrity: String, natT: Bool) throws {
        let pair = SAPair(spi: 0x0BAD_CAFE, cipher: cipher, integrity: integrity, udp: natT ? .init() : nil)
        let payloads = [Array("first".utf8), Array(repeating: 0x42, count: 1400)]
        let frames = try payloads.map { payload in
            EthernetHeader.frame(destination: MACAddress(0x0200_0000_0002), source: MACAddress(0x0200_0000_0001),
                                 etherType: EtherType.ipv4, payload: try pair.outbound.seal(udpPacket(payload)))
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-esp-\(UUID().uuidString).pcap")
        try Oracle.pcap(frames).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let sa = ["\"IPv4\"", "\"\(SAPair.local)\"", "\"\(SAPair.remote)\"", "\"0x0badcafe\"", "\"\(tsharkCipher)\"",
                  "\"0x\(pair.encryptionKey.hexText())\"", "\"\(tsharkIntegrity)\"", "\"0x\(pair.integrityKey.hexText())\""]
        let output = try Oracle.tshark(["-n", "-r", file.path,
                                        "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
                                        "-o", "uat:esp_sa:" + sa.joined(separator: ","),
                                        "-T", "fields", "-E", "separator=/t",
                                        "-e", "esp.spi", "-e", "esp.sequence", "-e", "esp.icv_good", "-e", "esp.pad_len",
                                        "-e", "esp.protocol", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "udp.length"])
        let rows = output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count == 2, "tshark printed:\n\(output)")
        for (index, row) in rows.enumerated() {
            let udpLength = String(8 + payloads[index].count)
            // With NAT-T the outer UDP (4500) comes first in the udp.* fields, then the decrypted inner one.
            let ports = natT ? ("4500,1701", "4500,1701") : ("1701", "1701")
            let expected = ["0x0badcafe", "\(index + 1)", "1", "\((cipher.blockSize - (8 + payloads[index].count + 2) % cipher.blockSize) % cipher.blockSize)",
                            "0x11", ports.0, ports.1]
            #expect(Array(row.prefix(7)) == expected, "tshark printed:\n\(output)")
            #expect(row.last?.split(separator: ",").last.map(String.init) == udpLength, "tshark printed:\n\(output)")
        }
    }
}
