import NIOCore
import Testing
import Wire
@testable import IPsec

struct ESPSecurityAssociationTests {
    static let combinations = CipherAlgorithm.allCases.flatMap { cipher in IntegrityAlgorithm.allCases.map { (cipher, $0) } }

    @Test(arguments: combinations)
    func transportRoundTrip(cipher: CipherAlgorithm, integrity: IntegrityAlgorithm) throws {
        let pair = SAPair(cipher: cipher, integrity: integrity)
        for length in [0, 1, 13, 14, 15, 16, 100, 1400] {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let plain = udpPacket(payload)
            let sealed = try pair.outbound.seal(plain)
            let (outer, esp) = try IPv4Header.parse(sealed)
            #expect(outer.protocol == IPProtocol.esp)
            #expect(outer.identification == 0x0101 && outer.source == SAPair.local && outer.destination == SAPair.remote)
            #expect(try ESPHeader.parse(esp) == ESPHeader(spi: pair.outbound.spi, sequence: pair.outbound.sequence))
            #expect(sealed.readableBytes == plain.readableBytes + pair.outbound.overhead(payloadLength: plain.readableBytes - 20))
            #expect((esp.readableBytes - 8 - cipher.ivLength - integrity.icvLength) % cipher.blockSize == 0)
            let opened = try pair.inbound.open(sealed, udpEncapsulated: false)
            #expect(opened.nextHeader == IPProtocol.udp)
            #expect(bytes(opened.payload) == Array(bytes(plain).dropFirst(20)))
        }
        #expect(pair.outbound.packets == 8 && pair.inbound.packets == 8)
        #expect(pair.outbound.bytes == pair.inbound.bytes)
    }

    @Test(arguments: CipherAlgorithm.allCases)
    func tunnelRoundTrip(cipher: CipherAlgorithm) throws {
        let outer = (source: IPv4Address(203, 0, 113, 1), destination: IPv4Address(203, 0, 113, 2))
        let pair = SAPair(cipher: cipher, mode: .tunnel(source: outer.source, destination: outer.destination))
        let inner = udpPacket(Array("inner packet".utf8))
        let sealed = try pair.outbound.seal(inner)
        let (header, _) = try IPv4Header.parse(sealed)
        #expect(header.source == outer.source && header.destination == outer.destination && header.protocol == IPProtocol.esp)
        let opened = try pair.inbound.open(sealed, udpEncapsulated: false)
        #expect(opened.nextHeader == 4)
        #expect(bytes(opened.payload) == bytes(inner))
    }

    @Test func natTraversalRoundTrip() throws {
        let pair = SAPair(udp: .init())
        let plain = udpPacket(Array("behind a NAT".utf8))
        let sealed = try pair.outbound.seal(plain)
        let (header, udp) = try IPv4Header.parse(sealed)
        #expect(header.protocol == IPProtocol.udp)
        let (udpHeader, payload) = try UDPHeader.parse(udp, source: header.source, destination: header.destination)
        #expect(udpHeader.sourcePort == 4500 && udpHeader.destinationPort == 4500 && udpHeader.checksum == 0)
        guard case .esp(let esp) = try UDPEncapsulation.classify(payload) else { Issue.record("not classified as ESP"); return }
        #expect(try ESPHeader.parse(esp).spi == pair.outbound.spi)
        #expect(bytes(try pair.inbound.open(sealed, udpEncapsulated: true).payload) == Array(bytes(plain).dropFirst(20)))
    }

    /// Flipping any byte after the IPv4 header (SPI aside) is caught by the ICV, and the window does not move.
    @Test func tamperingIsAnICVMismatch() throws {
        let pair = SAPair()
        let sealed = try pair.outbound.seal(udpPacket(Array(repeating: 0x55, count: 40)))
        for offset in 28..<sealed.readableBytes {
            var bad = sealed
            let at = bad.readerIndex + offset
            bad.setInteger((bad.getInteger(at: at, as: UInt8.self) ?? 0) ^ 0x80, at: at)
            #expect(throws: DropReason.espICVMismatch, "byte \(offset)") { try pair.inbound.open(bad, udpEncapsulated: false) }
        }
        #expect(pair.inbound.replayWindow.highest == 0 && pair.inbound.packets == 0)
        _ = try pair.inbound.open(sealed, udpEncapsulated: false)
    }

    @Test func wrongKeysAreAnICVMismatch() throws {
        let sealed = try SAPair(seed: 1).outbound.seal(udpPacket([1, 2, 3]))
        #expect(throws: DropReason.espICVMismatch) { try SAPair(seed: 2).inbound.open(sealed, udpEncapsulated: false) }
    }

    @Test func replaysAreDropped() throws {
        let pair = SAPair()
        let packets = try (0..<70).map { _ in try pair.outbound.seal(udpPacket([9])) }
        _ = try pair.inbound.open(packets[0], udpEncapsulated: false)
        #expect(throws: DropReason.espReplay) { try pair.inbound.open(packets[0], udpEncapsulated: false) }
        _ = try pair.inbound.open(packets[69], udpEncapsulated: false)   // sequence 70: the window slides
        _ = try pair.inbound.open(packets[6], udpEncapsulated: false)    // 7 is 63 behind: late but new
        #expect(throws: DropReason.espReplay) { try pair.inbound.open(packets[5], udpEncapsulated: false) }   // 6 fell off
        #expect(throws: DropReason.espReplay) { try pair.inbound.open(packets[69], udpEncapsulated: false) }
        #expect(pair.inbound.packets == 3)
    }

    @Test func truncatedPacketsAreDropped() throws {
        let pair = SAPair()
        let sealed = try pair.outbound.seal(udpPacket(Array(repeating: 1, count: 20)))
        var header = sealed.getSlice(at: sealed.readerIndex, length: 20) ?? ByteBuffer()
        // Shorter ESP bodies, each in a consistent IPv4 header.
        for length in [0, 4, 8, 8 + 16 + 12, 8 + 16 + 16 + 11] {
            var packet = ByteBuffer()
            header.setInteger(UInt16(20 + length), at: 2)
            packet.writeImmutableBuffer(header)
            packet.writeImmutableBuffer(sealed.getSlice(at: sealed.readerIndex + 20, length: length) ?? ByteBuffer())
            #expect(throws: DropReason.espTruncated, "ESP length \(length)") { try pair.inbound.open(packet, udpEncapsulated: false) }
        }
        // A ciphertext that is not whole blocks.
        var misaligned = sealed
        misaligned.setInteger(UInt16(sealed.readableBytes - 1), at: sealed.readerIndex + 2)
        #expect(throws: DropReason.espBadLength) { try pair.inbound.open(misaligned, udpEncapsulated: false) }
        // An IPv4 total length past the buffer.
        var long = sealed
        long.setInteger(UInt16(sealed.readableBytes + 1), at: sealed.readerIndex + 2)
        #expect(throws: DropReason.ipv4Truncated) { try pair.inbound.open(long, udpEncapsulated: false) }
        #expect(throws: DropReason.ipv4Truncated) { try pair.inbound.open(ByteBuffer(), udpEncapsulated: false) }
    }

    @Test func unknownSPIIsDropped() throws {
        let sealed = try SAPair(spi: 1).outbound.seal(udpPacket([1]))
        #expect(throws: DropReason.espUnknownSPI) { try SAPair(spi: 2).inbound.open(sealed, udpEncapsulated: false) }
    }

    /// A well-authenticated packet whose padding is not 1, 2, 3 ... (built by hand with the SA's keys).
    @Test(arguments: [[1, 2, 4], [0, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]])
    func badPaddingIsDropped(padding: [UInt8]) throws {
        let pair = SAPair()
        let iv = [UInt8](repeating: 0x42, count: 16)
        var plaintext = Array(repeating: UInt8(0xAB), count: (16 - (padding.count + 2) % 16) % 16) + padding
        plaintext += [UInt8(padding.count == 20 ? 40 : padding.count), IPProtocol.udp]
        let ciphertext = CBCCipher(.aes128CBC, key: pair.encryptionKey).encrypt(plaintext, iv: iv)
        var esp: [UInt8] = [0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1] + iv + ciphertext
        esp += ICVAuthenticator(.hmacSHA1_96, key: pair.integrityKey).icv(esp)
        var body = ByteBuffer()
        body.writeBytes(esp)
        let packet = IPv4Header.packet(source: SAPair.remote, destination: SAPair.local, protocol: IPProtocol.esp,
                                       ttl: 64, identification: 1, payload: body)
        #expect(throws: DropReason.espBadPadding) { try pair.inbound.open(packet, udpEncapsulated: false) }
        #expect(pair.inbound.replayWindow.highest == 1)   // authentic, so the window moved
    }

    @Test func tunnelModeRefusesANonIPv4Payload() throws {
        let tunnel = SAPair(mode: .tunnel(source: SAPair.local, destination: SAPair.remote))
        let transport = SAPair(mode: .transport)
        let sealed = try transport.outbound.seal(udpPacket([1, 2]))
        #expect(throws: DropReason.espBadNextHeader) { try tunnel.inbound.open(sealed, udpEncapsulated: false) }
    }

    /// The IVs of one SA differ packet to packet, and two SAs with the same keys but other random draws differ.
    @Test func ivsAreFreshPerPacket() throws {
        let pair = SAPair()
        let ivs = try (0..<100).map { _ in bytes(try pair.outbound.seal(udpPacket([0]))).dropFirst(28).prefix(16) }
        #expect(Set(ivs.map(Array.init)).count == 100)
    }

    @Test func theDatabaseFindsInboundSAsBySPIAndDestination() throws {
        let first = SAPair(spi: 0x100), second = SAPair(spi: 0x200)
        var database = SecurityAssociationDatabase()
        database.addInbound(first.inbound, destination: SAPair.remote)
        database.addInbound(second.inbound, destination: SAPair.remote)
        database.setOutbound(first.outbound, policyID: 100)

        let sa = try #require(database.outbound(policyID: 100))
        #expect(sa === first.outbound && database.outbound(policyID: 200) == nil)
        let found = try #require(database.inbound(spi: 0x100, destination: SAPair.remote))
        #expect(found === first.inbound)
        #expect(try found.open(try sa.seal(udpPacket([5, 6])), udpEncapsulated: false).nextHeader == IPProtocol.udp)
        #expect(database.inbound(spi: 0x200, destination: SAPair.remote) === second.inbound)
        #expect(database.inbound(spi: 0x100, destination: IPv4Address(10, 0, 0, 1)) == nil)
        database.removeInbound(spi: 0x100, destination: SAPair.remote)
        #expect(database.inbound(spi: 0x100, destination: SAPair.remote) == nil)
        database.removeOutbound(policyID: 100)
        #expect(database.outbound(policyID: 100) == nil)
    }
}
