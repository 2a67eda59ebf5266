import NIOCore
import Testing
@testable import Wire

/// Headers prepended into headroom are byte for byte the headers the appending builders write.
@Suite struct HeadroomTests {
    @Test func prependedHeadersEqualBuiltOnes() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            let src = IPv4Address(UInt32(truncatingIfNeeded: random.next())), dst = IPv4Address(UInt32(truncatingIfNeeded: random.next()))
            let body = ByteBuffer(bytes: (0..<Int(random.next() % 1400)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            let ports = (UInt16(truncatingIfNeeded: random.next()), UInt16(truncatingIfNeeded: random.next()))
            let id = UInt16(truncatingIfNeeded: random.next()), ttl = UInt8(truncatingIfNeeded: random.next())
            let mac = (MACAddress(random.next()), MACAddress(random.next()))

            let udp = UDPHeader.datagram(sourcePort: ports.0, destinationPort: ports.1, payload: body, source: src, destination: dst)
            let ip = IPv4Header.packet(source: src, destination: dst, protocol: IPProtocol.udp, ttl: ttl, identification: id, payload: udp)
            let built = EthernetHeader.frame(destination: mac.0, source: mac.1, etherType: EtherType.ipv4, payload: ip)

            var prepended = ByteBuffer.outgoing(capacity: body.readableBytes)
            prepended.writeImmutableBuffer(body)
            UDPHeader.prepend(sourcePort: ports.0, destinationPort: ports.1, source: src, destination: dst, to: &prepended)
            IPv4Header.prepend(source: src, destination: dst, protocol: IPProtocol.udp, ttl: ttl, identification: id, to: &prepended)
            EthernetHeader(destination: mac.0, source: mac.1, etherType: EtherType.ipv4).prepend(to: &prepended)
            #expect(prepended == built)
        }
    }

    @Test func noHeadroomMovesToANewBuffer() {
        var plain = ByteBuffer(bytes: [1, 2, 3])
        IPv4Header.prepend(source: IPv4Address(1), destination: IPv4Address(2), protocol: 17, ttl: 1, identification: 0, to: &plain)
        #expect(plain.readableBytes == 23)
        #expect((try? IPv4Header.parse(plain)) != nil, "checksum and lengths valid")
    }
}
