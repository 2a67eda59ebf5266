import NIOCore
import Testing
@testable import Wire

struct UDPHeaderTests {
    static let source = IPv4Address(192, 168, 0, 1)
    static let destination = IPv4Address(192, 168, 0, 199)
    /// 1234 -> 53, "hello"; checksum 34e2 computed independently (Python) with the pseudo-header.
    static let datagram = "04d2 0035 000d 34e2 68656c6c6f"

    @Test func parsesKnownDatagram() throws {
        let (header, payload) = try UDPHeader.parse(hexBuffer(Self.datagram), source: Self.source, destination: Self.destination)
        #expect(header == UDPHeader(sourcePort: 1234, destinationPort: 53, length: 13, checksum: 0x34E2))
        #expect(payload == ByteBuffer(string: "hello"))
    }

    @Test func buildsKnownDatagram() {
        let datagram = UDPHeader.datagram(sourcePort: 1234, destinationPort: 53, payload: ByteBuffer(string: "hello"),
                                          source: Self.source, destination: Self.destination)
        #expect(datagram == hexBuffer(Self.datagram))
    }

    @Test func zeroChecksumIsNotChecked() throws {
        let unchecked = hexBuffer("04d2 0035 000d 0000 68656c6c6f")
        let (header, payload) = try UDPHeader.parse(unchecked, source: Self.source, destination: Self.destination)
        #expect(header.checksum == 0)
        #expect(payload.readableBytes == 5)
    }

    @Test func computedZeroIsSentAsFFFF() throws {
        // Solve for a 2-byte payload that makes the sum ffff, so the computed checksum is 0.
        let empty = UDPHeader.datagram(sourcePort: 1, destinationPort: 2, payload: hexBuffer("0000"),
                                       source: Self.source, destination: Self.destination)
        let checksum = empty.getInteger(at: 6, as: UInt16.self) ?? 0
        var filler = ByteBuffer()
        filler.writeInteger(checksum)  // adding the checksum brings the sum to ffff
        let datagram = UDPHeader.datagram(sourcePort: 1, destinationPort: 2, payload: filler,
                                          source: Self.source, destination: Self.destination)
        #expect(datagram.getInteger(at: 6, as: UInt16.self) == 0xFFFF)
        #expect(try UDPHeader.parse(datagram, source: Self.source, destination: Self.destination).header.checksum == 0xFFFF)
    }

    @Test func bytesAfterLengthAreIgnored() throws {
        var datagram = hexBuffer(Self.datagram)
        datagram.writeBytes([1, 2, 3])
        let (_, payload) = try UDPHeader.parse(datagram, source: Self.source, destination: Self.destination)
        #expect(payload == ByteBuffer(string: "hello"))
    }

    @Test func roundTripThroughIPv4() throws {
        let payload = ByteBuffer(repeating: 0x42, count: 333)
        let udp = UDPHeader.datagram(sourcePort: 1701, destinationPort: 1701, payload: payload,
                                     source: IPv4Address(203, 0, 113, 1), destination: IPv4Address(198, 51, 100, 2))
        let packet = IPv4Header.packet(source: IPv4Address(203, 0, 113, 1), destination: IPv4Address(198, 51, 100, 2),
                                       protocol: IPProtocol.udp, ttl: 64, identification: 9, payload: udp)
        let (ip, segment) = try IPv4Header.parse(packet)
        let (header, parsed) = try UDPHeader.parse(segment, source: ip.source, destination: ip.destination)
        #expect(header.sourcePort == 1701 && header.destinationPort == 1701 && Int(header.length) == 341)
        #expect(parsed == payload)
    }

    @Test func truncated() {
        #expect(throws: DropReason.udpTruncated) {
            try UDPHeader.parse(hexBuffer(Self.datagram).prefix(7), source: Self.source, destination: Self.destination)
        }
    }

    @Test func badLength() {
        // Length 7 (below the header) and 14 (beyond the segment).
        for length: UInt8 in [0, 7, 14, 0xFF] {
            #expect(throws: DropReason.udpBadLength) {
                try UDPHeader.parse(hexBuffer(Self.datagram).setting(length, at: 5), source: Self.source, destination: Self.destination)
            }
        }
        #expect(throws: DropReason.udpBadLength) {
            try UDPHeader.parse(hexBuffer(Self.datagram).prefix(12), source: Self.source, destination: Self.destination)
        }
    }

    @Test func badChecksum() {
        #expect(throws: DropReason.udpBadChecksum) {
            try UDPHeader.parse(hexBuffer(Self.datagram).setting(0x00, at: 8), source: Self.source, destination: Self.destination)
        }
        // Right bytes, wrong pseudo-header (as after a NAT that forgot the UDP checksum).
        #expect(throws: DropReason.udpBadChecksum) {
            try UDPHeader.parse(hexBuffer(Self.datagram), source: IPv4Address(192, 168, 0, 2), destination: Self.destination)
        }
    }
}
