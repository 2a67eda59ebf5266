import Foundation
import NIOCore
import Wire
@testable import IPsec

/// Bytes from hex text; spaces are ignored. Test vectors only.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter(\.isHexDigit))
    return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0 }
}

func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// A matched outbound/inbound SA pair with fixed keys, as two peers of one IKE quick mode hold them.
struct SAPair {
    static let local = IPv4Address(192, 0, 2, 1)
    static let remote = IPv4Address(198, 51, 100, 2)

    let outbound: ESPSecurityAssociation
    let inbound: ESPSecurityAssociation
    let encryptionKey: [UInt8]
    let integrityKey: [UInt8]

    init(spi: UInt32 = 0x1234_5678, cipher: CipherAlgorithm = .aes128CBC, integrity: IntegrityAlgorithm = .hmacSHA1_96,
         mode: ESPSecurityAssociation.Mode = .transport, udp: ESPSecurityAssociation.UDPEncapsulationPorts? = nil,
         seed: UInt64 = 1) {
        var random = SeededGenerator(seed: seed)
        encryptionKey = (0..<cipher.keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
        integrityKey = (0..<integrity.keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
        outbound = ESPSecurityAssociation(spi: spi, direction: .outbound, cipher: cipher, encryptionKey: encryptionKey,
                                          integrity: integrity, integrityKey: integrityKey, mode: mode,
                                          udpEncapsulation: udp, random: &random)
        inbound = ESPSecurityAssociation(spi: spi, direction: .inbound, cipher: cipher, encryptionKey: encryptionKey,
                                         integrity: integrity, integrityKey: integrityKey, mode: mode,
                                         udpEncapsulation: udp, random: &random)
    }
}

/// An L2TPv3-over-UDP-sized IPv4/UDP packet from `local` to `remote`, port 1701 both ways.
func udpPacket(_ payload: [UInt8], source: IPv4Address = SAPair.local, destination: IPv4Address = SAPair.remote,
               identification: UInt16 = 0x0101) -> ByteBuffer {
    var body = ByteBuffer()
    body.writeBytes(payload)
    let datagram = UDPHeader.datagram(sourcePort: 1701, destinationPort: 1701, payload: body, source: source, destination: destination)
    return IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.udp, ttl: 64,
                             identification: identification, payload: datagram)
}
