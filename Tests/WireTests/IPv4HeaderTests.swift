import NIOCore
import Testing
@testable import Wire

struct IPv4HeaderTests {
    /// The well-known example header (UDP, 192.168.0.1 -> 192.168.0.199, total length 115, checksum b861).
    static let header = "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7"
    static var packet: ByteBuffer {
        var packet = hexBuffer(header)
        packet.writeRepeatingByte(0x5A, count: 0x73 - 20)
        return packet
    }

    @Test func parsesKnownHeader() throws {
        let (header, payload) = try IPv4Header.parse(Self.packet)
        #expect(header.tos == 0)
        #expect(header.totalLength == 115)
        #expect(header.identification == 0)
        #expect(header.flagsAndFragmentOffset == IPv4Header.dontFragmentFlag)
        #expect(header.dontFragment)
        #expect(!header.isFragment)
        #expect(header.ttl == 64)
        #expect(header.protocol == IPProtocol.udp)
        #expect(header.checksum == 0xB861)
        #expect(header.source == IPv4Address(192, 168, 0, 1))
        #expect(header.destination == IPv4Address(192, 168, 0, 199))
        #expect(header.options.isEmpty)
        #expect(header.headerLength == 20)
        #expect(payload.readableBytes == 95)
    }

    @Test func writeReproducesKnownHeader() throws {
        var header = try IPv4Header.parse(Self.packet).header
        header.checksum = 0x1234  // ignored: write computes it
        var buffer = ByteBuffer()
        header.write(to: &buffer)
        #expect(buffer == hexBuffer(Self.header))
    }

    @Test func packetBuilderMatchesIndependentChecksum() throws {
        // Checksum 9c62 computed independently (Python) for this header.
        let packet = IPv4Header.packet(source: IPv4Address(192, 168, 0, 1), destination: IPv4Address(192, 168, 0, 199),
                                       protocol: IPProtocol.icmp, ttl: 64, identification: 0x1C46, dontFragment: true,
                                       payload: ByteBuffer(repeating: 0, count: 40))
        #expect(bytes(packet.prefix(20)) == bytes(hexBuffer("4500 003c 1c46 4000 4001 9c62 c0a8 0001 c0a8 00c7")))
        #expect(packet.readableBytes == 60)
    }

    @Test func ethernetPaddingIsCutOff() throws {
        var padded = IPv4Header.packet(source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2),
                                       protocol: IPProtocol.udp, ttl: 1, identification: 7, payload: hexBuffer("0102 03"))
        padded.writeRepeatingByte(0, count: 23)
        let (header, payload) = try IPv4Header.parse(padded)
        #expect(header.totalLength == 23)
        #expect(bytes(payload) == [1, 2, 3])
    }

    @Test func optionsRoundTrip() throws {
        // Router Alert (RFC 2113) is 4 bytes; a 3-byte option is padded to a whole word.
        for options: [UInt8] in [[0x94, 0x04, 0x00, 0x00], [0x01, 0x01, 0x01]] {
            let header = IPv4Header(tos: 0xB8, totalLength: 28, identification: 0xBEEF, flagsAndFragmentOffset: 0x2001,
                                    ttl: 3, protocol: 2, source: IPv4Address(10, 1, 2, 3), destination: IPv4Address(224, 0, 0, 22),
                                    options: options)
            #expect(header.headerLength == 24)
            #expect(header.isFragment)
            var buffer = ByteBuffer()
            header.write(to: &buffer)
            buffer.writeInteger(UInt32(0xCAFE_F00D))
            let (parsed, payload) = try IPv4Header.parse(buffer)
            #expect(parsed.options == (options + [0, 0, 0, 0]).prefix(4).map { $0 })
            #expect(parsed.source == header.source && parsed.destination == header.destination)
            #expect(parsed.tos == 0xB8 && parsed.identification == 0xBEEF && parsed.flagsAndFragmentOffset == 0x2001)
            #expect(payload.getInteger(at: payload.readerIndex, as: UInt32.self) == 0xCAFE_F00D)
        }
    }

    @Test func fragmentFlags() {
        var header = IPv4Header(totalLength: 20, identification: 1, ttl: 1, protocol: 1, source: .any, destination: .any)
        #expect(!header.isFragment)
        header.flagsAndFragmentOffset = IPv4Header.moreFragmentsFlag
        #expect(header.isFragment)
        header.flagsAndFragmentOffset = IPv4Header.dontFragmentFlag | 185
        #expect(header.isFragment)
        header.flagsAndFragmentOffset = IPv4Header.dontFragmentFlag
        #expect(!header.isFragment)
    }

    // MARK: refusals

    /// The example packet with bytes changed and the header checksum made valid again.
    private func corrupted(_ changes: [(Int, UInt8)], length: Int? = nil) -> ByteBuffer {
        var packet = Self.packet
        for (offset, value) in changes { packet.setInteger(value, at: offset) }
        packet.setInteger(UInt16(0), at: 10)
        let ihl = max(Int(packet.getInteger(at: 0, as: UInt8.self) ?? 0) & 0x0F, 5) * 4
        if let slice = packet.getSlice(at: 0, length: min(ihl, packet.readableBytes)) {
            packet.setInteger(InternetChecksum.checksum(slice), at: 10)
        }
        if let length { packet.moveWriterIndex(to: length) }
        return packet
    }

    @Test func truncated() {
        #expect(throws: DropReason.ipv4Truncated) { try IPv4Header.parse(Self.packet.prefix(19)) }
        #expect(throws: DropReason.ipv4Truncated) { try IPv4Header.parse(ByteBuffer()) }
        // Total length beyond the buffer.
        #expect(throws: DropReason.ipv4Truncated) { try IPv4Header.parse(Self.packet.prefix(114)) }
        // IHL 15 (60 bytes) in a 40-byte buffer.
        #expect(throws: DropReason.ipv4Truncated) { try IPv4Header.parse(corrupted([(0, 0x4F)], length: 40)) }
    }

    @Test func badVersion() {
        #expect(throws: DropReason.ipv4BadVersion) { try IPv4Header.parse(corrupted([(0, 0x65)])) }
        #expect(throws: DropReason.ipv4BadVersion) { try IPv4Header.parse(Self.packet.setting(0x05, at: 0)) }
    }

    @Test func badHeaderLength() {
        #expect(throws: DropReason.ipv4BadHeaderLength) { try IPv4Header.parse(corrupted([(0, 0x44)])) }
        #expect(throws: DropReason.ipv4BadHeaderLength) { try IPv4Header.parse(corrupted([(0, 0x40)])) }
    }

    @Test func badTotalLength() {
        // Total length 19, shorter than the header.
        #expect(throws: DropReason.ipv4BadTotalLength) { try IPv4Header.parse(corrupted([(2, 0x00), (3, 0x13)])) }
        #expect(throws: DropReason.ipv4BadTotalLength) { try IPv4Header.parse(corrupted([(2, 0x00), (3, 0x00)])) }
    }

    @Test func badChecksum() {
        #expect(throws: DropReason.ipv4BadChecksum) { try IPv4Header.parse(Self.packet.setting(0x62, at: 11)) }
        #expect(throws: DropReason.ipv4BadChecksum) { try IPv4Header.parse(Self.packet.setting(0x3F, at: 8)) }
    }

    // MARK: in-place edits

    @Test func decrementTTL() throws {
        var packet = Self.packet
        #expect(IPv4Header.decrementTTL(in: &packet) == 63)
        let (header, _) = try IPv4Header.parse(packet)
        #expect(header.ttl == 63)
        // 0xb861 + 0x0100 = 0xb961: the checksum rises by what the TTL word lost.
        #expect(header.checksum == 0xB961)
    }

    @Test func decrementTTLHonoursReaderIndexAndStopsAtZero() throws {
        var packet = ByteBuffer(repeating: 0xFF, count: 6)
        packet.moveReaderIndex(forwardBy: 6)
        packet.writeImmutableBuffer(IPv4Header.packet(source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2),
                                                      protocol: IPProtocol.udp, ttl: 1, identification: 1, payload: ByteBuffer()))
        #expect(IPv4Header.decrementTTL(in: &packet) == 0)
        #expect(try IPv4Header.parse(packet).header.ttl == 0)
        #expect(IPv4Header.decrementTTL(in: &packet) == 0)
        #expect(try IPv4Header.parse(packet).header.ttl == 0)
        var short = ByteBuffer(repeating: 0x45, count: 10)
        #expect(IPv4Header.decrementTTL(in: &short) == 0)
        #expect(short == ByteBuffer(repeating: 0x45, count: 10))
    }

    @Test func setAddressesMatchesFullRecomputation() throws {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<1000 {
            var packet = IPv4Header.packet(source: IPv4Address(UInt32.random(in: 0...UInt32.max, using: &random)),
                                           destination: IPv4Address(UInt32.random(in: 0...UInt32.max, using: &random)),
                                           protocol: UInt8.random(in: 0...255, using: &random), ttl: UInt8.random(in: 1...255, using: &random),
                                           identification: UInt16.random(in: 0...0xFFFF, using: &random), payload: ByteBuffer())
            let source = IPv4Address(UInt32.random(in: 0...UInt32.max, using: &random))
            let destination = IPv4Address(UInt32.random(in: 0...UInt32.max, using: &random))
            IPv4Header.setSource(source, in: &packet)
            IPv4Header.setDestination(destination, in: &packet)
            IPv4Header.decrementTTL(in: &packet)
            let (header, _) = try IPv4Header.parse(packet)
            #expect(header.source == source && header.destination == destination)
            var rewritten = ByteBuffer()
            header.write(to: &rewritten)
            #expect(rewritten == packet, "incremental checksum differs from recomputed")
        }
    }
}
