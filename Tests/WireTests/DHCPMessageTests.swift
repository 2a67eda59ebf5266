import NIOCore
import Testing
@testable import Wire

@Suite struct DHCPMessageTests {
    /// The DHCPDISCOVER of Wireshark's sample capture dhcp.pcap (frame 1, UDP payload, 272 bytes),
    /// rebuilt field by field: xid 0x00003d1d, chaddr 00:0b:82:01:fc:42, options 53 (discover),
    /// 61 (client id), 50 (requested 0.0.0.0), 55 (1 3 6 42), end, 7 bytes of padding.
    static let discover: [UInt8] = {
        var bytes: [UInt8] = [0x01, 0x01, 0x06, 0x00, 0x00, 0x00, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00]
        bytes += [UInt8](repeating: 0, count: 16)  // ciaddr yiaddr siaddr giaddr
        bytes += [0x00, 0x0B, 0x82, 0x01, 0xFC, 0x42] + [UInt8](repeating: 0, count: 10)
        bytes += [UInt8](repeating: 0, count: 64 + 128)  // sname, file
        bytes += [0x63, 0x82, 0x53, 0x63]
        bytes += [0x35, 0x01, 0x01]
        bytes += [0x3D, 0x07, 0x01, 0x00, 0x0B, 0x82, 0x01, 0xFC, 0x42]
        bytes += [0x32, 0x04, 0x00, 0x00, 0x00, 0x00]
        bytes += [0x37, 0x04, 0x01, 0x03, 0x06, 0x2A]
        bytes += [0xFF] + [UInt8](repeating: 0, count: 7)
        return bytes
    }()

    @Test func parsesRealDiscover() throws {
        #expect(Self.discover.count == 272)
        let message = try DHCPMessage.parse(ByteBuffer(bytes: Self.discover))
        #expect(message.op == .request)
        #expect(message.htype == 1 && message.hlen == 6 && message.hops == 0)
        #expect(message.xid == 0x3D1D)
        #expect(!message.broadcast)
        #expect(message.ciaddr == .any && message.yiaddr == .any && message.giaddr == .any)
        #expect(message.chaddr == MACAddress("00:0b:82:01:fc:42"))
        #expect(message.messageType == .discover)
        #expect(message.clientIdentifier == [1, 0x00, 0x0B, 0x82, 0x01, 0xFC, 0x42])
        #expect(message.requestedAddress == .any)
        #expect(message.parameterRequestList == [1, 3, 6, 42])
        #expect(message.options.map(\.code) == [53, 61, 50, 55])
    }

    @Test func writesRealDiscoverBack() throws {
        let message = try DHCPMessage.parse(ByteBuffer(bytes: Self.discover))
        let bytes = Array(message.buffer.readableBytesView)
        // Same bytes, padded to the 300-byte BOOTP minimum instead of the capture's 272.
        #expect(bytes.count == 300)
        #expect(Array(bytes[..<265]) == Array(Self.discover[..<265]))
        #expect(bytes[265...].allSatisfy { $0 == 0 })
    }

    @Test func roundTripsEveryTypedOption() throws {
        var offer = DHCPMessage(op: .reply, xid: 0xDEAD_BEEF, chaddr: MACAddress("00:a0:de:01:02:03")!,
                                yiaddr: IPv4Address(192, 168, 100, 10), giaddr: IPv4Address(10, 0, 0, 1))
        offer.broadcast = true
        offer.messageType = .offer
        offer.serverIdentifier = IPv4Address(192, 168, 100, 1)
        offer.leaseTime = 259_200
        offer.renewalTime = 129_600
        offer.rebindingTime = 226_800
        offer.subnetMask = IPv4Address(255, 255, 255, 0)
        offer.routers = [IPv4Address(192, 168, 100, 1)]
        offer.dnsServers = [IPv4Address(8, 8, 8, 8), IPv4Address(1, 1, 1, 1)]
        offer.hostName = "pc1"
        offer.requestedAddress = IPv4Address(192, 168, 100, 10)
        offer.parameterRequestList = [1, 3, 6]
        offer.clientIdentifier = [1, 0, 0xA0, 0xDE, 1, 2, 3]
        let buffer = offer.buffer
        // 240 + 74 bytes of options + end: past the 300-byte minimum, so no padding.
        #expect(buffer.readableBytes == 315)
        #expect(buffer.getInteger(at: 10, as: UInt16.self) == 0x8000)
        let parsed = try DHCPMessage.parse(buffer)
        #expect(parsed == offer)
        #expect(parsed.leaseTime == 259_200)
        #expect(parsed.dnsServers == [IPv4Address(8, 8, 8, 8), IPv4Address(1, 1, 1, 1)])
        #expect(parsed.hostName == "pc1")
    }

    @Test func settingNilRemovesAnOption() {
        var message = DHCPMessage(op: .request, xid: 1, chaddr: .zero)
        message.serverIdentifier = IPv4Address(1, 2, 3, 4)
        message.serverIdentifier = nil
        message.routers = []
        #expect(message.options.isEmpty)
    }

    @Test func longOptionIsSplitAndJoined() throws {
        var message = DHCPMessage(op: .request, xid: 1, chaddr: .zero)
        message[option: 43] = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let buffer = message.buffer
        #expect(buffer.readableBytes == 240 + 2 + 255 + 2 + 45 + 1)
        #expect(try DHCPMessage.parse(buffer) == message)
    }

    @Test func parsesFromTheReaderIndex() throws {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB] + Self.discover)
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(try DHCPMessage.parse(buffer).xid == 0x3D1D)
    }

    @Test func toleratesMissingEnd() throws {
        let bytes = Array(Self.discover[..<264])
        #expect(try DHCPMessage.parse(ByteBuffer(bytes: bytes)).parameterRequestList == [1, 3, 6, 42])
    }

    @Test func malformedTypedOptionsReadAsNil() {
        var message = DHCPMessage(op: .request, xid: 1, chaddr: .zero)
        message[option: DHCPOption.serverIdentifier] = [1, 2, 3]
        message[option: DHCPOption.leaseTime] = [1]
        message[option: DHCPOption.messageType] = [9]
        message[option: DHCPOption.router] = [1, 2, 3, 4, 5]
        #expect(message.serverIdentifier == nil)
        #expect(message.leaseTime == nil)
        #expect(message.messageType == nil)
        #expect(message.routers.isEmpty)
    }

    @Test func truncatedHeader() {
        for length in [0, 1, 236, 239] {
            #expect(throws: DHCPParseError.truncated) {
                try DHCPMessage.parse(ByteBuffer(bytes: Self.discover.prefix(length)))
            }
        }
        #expect(DHCPParseError.truncated.reason == "dhcp-truncated")
    }

    @Test func badCookie() {
        var bytes = Self.discover
        bytes[239] = 0x64
        #expect(throws: DHCPParseError.badCookie) { try DHCPMessage.parse(ByteBuffer(bytes: bytes)) }
        #expect(DHCPParseError.badCookie.reason == "dhcp-bad-cookie")
    }

    @Test func badOp() {
        var bytes = Self.discover
        bytes[0] = 3
        #expect(throws: DHCPParseError.badOp(3)) { try DHCPMessage.parse(ByteBuffer(bytes: bytes)) }
    }

    @Test func optionLengthPastTheEnd() {
        // Option 55 claims 40 bytes; the message ends long before.
        var bytes = Array(Self.discover[..<265])
        bytes[259] = 40
        #expect(throws: DHCPParseError.badOption(code: 55)) { try DHCPMessage.parse(ByteBuffer(bytes: bytes)) }
        #expect(DHCPParseError.badOption(code: 55).reason == "dhcp-bad-option")
    }

    @Test func optionWithoutLengthByte() {
        let bytes = Array(Self.discover[..<264]) + [0x0C]
        #expect(throws: DHCPParseError.badOption(code: 12)) { try DHCPMessage.parse(ByteBuffer(bytes: bytes)) }
    }
}
