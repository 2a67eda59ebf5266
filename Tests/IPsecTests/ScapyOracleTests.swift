import Foundation
import NIOCore
import OracleSupport
import Testing
import Wire
@testable import IPsec

/// ESP interoperability with an independent implementation: scapy's `SecurityAssociation` opens
/// what we seal, and we open what it seals, in transport mode with and without NAT-T (UDP 4500).
/// Runs only with SOFTRTX_ORACLES=1, and then fails if python3 or scapy is missing.
@Suite(.enabled(if: Oracle.enabled))
struct ScapyOracleTests {
    /// decrypt: each stdin line is an ESP packet in hex, printed back decrypted (the whole IPv4 packet).
    /// encrypt: each stdin line is a plain IPv4 packet in hex, printed back as ESP, sequence numbers from 1.
    static let script = """
    import sys
    from scapy.layers.inet import IP, UDP
    from scapy.layers.ipsec import ESP, SecurityAssociation
    action, crypt, crypt_key, auth, auth_key, spi, nat_t = sys.argv[1:8]
    sa = SecurityAssociation(ESP, spi=int(spi, 16), seq_num=1, crypt_algo=crypt, crypt_key=bytes.fromhex(crypt_key),
                             auth_algo=auth, auth_key=bytes.fromhex(auth_key),
                             nat_t_header=UDP(sport=4500, dport=4500) if nat_t == "1" else None)
    for line in sys.stdin:
        packet = IP(bytes.fromhex(line.strip()))
        # decrypt() mutates its argument, so it gets a copy.
        result = sa.decrypt(packet.copy()) if action == "decrypt" else sa.encrypt(packet)
        print(bytes(result).hex())
    """

    static func scapy(_ action: String, _ pair: SAPair, cipher: String, integrity: String, natT: Bool, packets: [ByteBuffer]) throws -> [[UInt8]] {
        let python = try #require(Oracle.findExecutable("python3"), "python3 is not installed")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-scapy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("esp.py"), inputURL = directory.appendingPathComponent("packets.hex")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        try packets.map { $0.readableBytesView.hexText() }.joined(separator: "\n").write(to: inputURL, atomically: true, encoding: .utf8)
        let command = [python, scriptURL.path, action, cipher, pair.encryptionKey.hexText(), integrity, pair.integrityKey.hexText(),
                       String(pair.outbound.spi, radix: 16), natT ? "1" : "0"].map { "'\($0)'" }.joined(separator: " ")
        let output = try Oracle.run("/bin/sh", ["-c", "\(command) < '\(inputURL.path)'"])
        return output.split(separator: "\n").map { hex(String($0)) }
    }

    static let cases: [(CipherAlgorithm, String, IntegrityAlgorithm, String, Bool)] = [
        (.aes128CBC, "AES-CBC", .hmacSHA1_96, "HMAC-SHA1-96", false),
        (.aes128CBC, "AES-CBC", .hmacSHA1_96, "HMAC-SHA1-96", true),
        (.aes256CBC, "AES-CBC", .hmacSHA256_128, "SHA2-256-128", false),
        (.tripleDESCBC, "3DES", .hmacMD5_96, "HMAC-MD5-96", true),
    ]

    static func plainPackets() -> [ByteBuffer] {
        [0, 1, 14, 15, 100, 1400].enumerated().map { index, length in
            udpPacket((0..<length).map { UInt8(truncatingIfNeeded: $0 + index) }, identification: UInt16(0x100 + index))
        }
    }

    @Test(arguments: cases)
    func scapyOpensWhatWeSeal(cipher: CipherAlgorithm, scapyCipher: String, integrity: IntegrityAlgorithm,
                              scapyIntegrity: String, natT: Bool) throws {
        let pair = SAPair(cipher: cipher, integrity: integrity, udp: natT ? .init() : nil)
        let plain = Self.plainPackets()
        let sealed = try plain.map { try pair.outbound.seal($0) }
        let opened = try Self.scapy("decrypt", pair, cipher: scapyCipher, integrity: scapyIntegrity, natT: natT, packets: sealed)
        #expect(opened == plain.map { bytes($0) })
    }

    @Test(arguments: cases)
    func weOpenWhatScapySeals(cipher: CipherAlgorithm, scapyCipher: String, integrity: IntegrityAlgorithm,
                              scapyIntegrity: String, natT: Bool) throws {
        let pair = SAPair(cipher: cipher, integrity: integrity, udp: natT ? .init() : nil)
        let plain = Self.plainPackets()
        let sealed = try Self.scapy("encrypt", pair, cipher: scapyCipher, integrity: scapyIntegrity, natT: natT, packets: plain)
        try #require(sealed.count == plain.count)
        for (packet, original) in zip(sealed, plain) {
            #expect(packet[9] == (natT ? IPProtocol.udp : IPProtocol.esp))
            var buffer = ByteBuffer()
            buffer.writeBytes(packet)
            let opened = try pair.inbound.open(buffer, udpEncapsulated: natT)
            #expect(opened.nextHeader == IPProtocol.udp)
            #expect(bytes(opened.payload) == Array(bytes(original).dropFirst(20)))
        }
        // scapy's packets were authentic: a replay of the first is refused by sequence number.
        var first = ByteBuffer()
        first.writeBytes(sealed[0])
        #expect(throws: DropReason.espReplay) { try pair.inbound.open(first, udpEncapsulated: natT) }
    }
}
