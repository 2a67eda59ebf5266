import NIOCore

/// A DHCP message (RFC 2131 section 2): the BOOTP header and an ordered option list.
/// `sname` and `file` are not kept (option overload is not supported) and are written as zeros.
public struct DHCPMessage: Hashable, Sendable {
    public enum Op: UInt8, Hashable, Sendable {
        case request = 1
        case reply = 2
    }

    public var op: Op
    public var htype: UInt8
    public var hlen: UInt8
    public var hops: UInt8
    public var xid: UInt32
    public var secs: UInt16
    public var flags: UInt16
    public var ciaddr: IPv4Address
    public var yiaddr: IPv4Address
    public var siaddr: IPv4Address
    public var giaddr: IPv4Address
    /// The first six octets of the 16-octet `chaddr` field.
    public var chaddr: MACAddress
    public var options: [DHCPOption]

    public static let magicCookie: UInt32 = 0x6382_5363
    /// Fixed header (236 bytes) plus the magic cookie.
    public static let headerLength = 240
    /// RFC 951/1542: a BOOTP message is at least 300 bytes; some relays and clients drop shorter ones.
    public static let minimumLength = 300
    static let broadcastFlag: UInt16 = 0x8000

    public init(
        op: Op, xid: UInt32, chaddr: MACAddress,
        htype: UInt8 = 1, hlen: UInt8 = 6, hops: UInt8 = 0, secs: UInt16 = 0, flags: UInt16 = 0,
        ciaddr: IPv4Address = .any, yiaddr: IPv4Address = .any, siaddr: IPv4Address = .any, giaddr: IPv4Address = .any,
        options: [DHCPOption] = []
    ) {
        self.op = op
        self.htype = htype
        self.hlen = hlen
        self.hops = hops
        self.xid = xid
        self.secs = secs
        self.flags = flags
        self.ciaddr = ciaddr
        self.yiaddr = yiaddr
        self.siaddr = siaddr
        self.giaddr = giaddr
        self.chaddr = chaddr
        self.options = options
    }

    /// The BROADCAST flag: the client cannot receive unicast IP before it is configured.
    public var broadcast: Bool {
        get { flags & DHCPMessage.broadcastFlag != 0 }
        set { flags = newValue ? flags | DHCPMessage.broadcastFlag : flags & ~DHCPMessage.broadcastFlag }
    }

    // MARK: Parsing

    /// Parses a UDP payload. Repeated instances of one option are concatenated (RFC 3396).
    public static func parse(_ payload: ByteBuffer) throws(DHCPParseError) -> DHCPMessage {
        guard payload.readableBytes >= headerLength else { throw .truncated }
        let base = payload.readerIndex
        func u8(_ at: Int) -> UInt8 { payload.getInteger(at: base + at, as: UInt8.self) ?? 0 }
        func u16(_ at: Int) -> UInt16 { payload.getInteger(at: base + at, as: UInt16.self) ?? 0 }
        func u32(_ at: Int) -> UInt32 { payload.getInteger(at: base + at, as: UInt32.self) ?? 0 }

        guard u32(236) == magicCookie else { throw .badCookie }
        guard let op = Op(rawValue: u8(0)) else { throw .badOp(u8(0)) }
        let mac = (0..<6).reduce(UInt64(0)) { $0 << 8 | UInt64(u8(28 + $1)) }
        var message = DHCPMessage(
            op: op, xid: u32(4), chaddr: MACAddress(mac),
            htype: u8(1), hlen: u8(2), hops: u8(3), secs: u16(8), flags: u16(10),
            ciaddr: IPv4Address(u32(12)), yiaddr: IPv4Address(u32(16)),
            siaddr: IPv4Address(u32(20)), giaddr: IPv4Address(u32(24)))

        var offset = headerLength
        let end = payload.readableBytes
        while offset < end {
            let code = u8(offset)
            if code == DHCPOption.end { break }
            if code == DHCPOption.pad { offset += 1; continue }
            guard offset + 2 <= end else { throw .badOption(code: code) }
            let length = Int(u8(offset + 1))
            guard offset + 2 + length <= end,
                  let data = payload.getBytes(at: base + offset + 2, length: length)
            else { throw .badOption(code: code) }
            if let index = message.options.firstIndex(where: { $0.code == code }) {
                message.options[index].data += data
            } else {
                message.options.append(DHCPOption(code: code, data: data))
            }
            offset += 2 + length
        }
        return message
    }

    // MARK: Serializing

    public func write(to buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(op.rawValue)
        buffer.writeInteger(htype)
        buffer.writeInteger(hlen)
        buffer.writeInteger(hops)
        buffer.writeInteger(xid)
        buffer.writeInteger(secs)
        buffer.writeInteger(flags)
        for address in [ciaddr, yiaddr, siaddr, giaddr] { buffer.writeInteger(address.value) }
        buffer.writeBytes(chaddr.bytes)
        buffer.writeRepeatingByte(0, count: 10 + 64 + 128)  // chaddr padding, sname, file
        buffer.writeInteger(DHCPMessage.magicCookie)
        for option in options {
            // Data longer than 255 bytes goes out as several instances (RFC 3396).
            var rest = option.data[...]
            repeat {
                let chunk = rest.prefix(255)
                buffer.writeInteger(option.code)
                buffer.writeInteger(UInt8(chunk.count))
                buffer.writeBytes(chunk)
                rest = rest.dropFirst(chunk.count)
            } while !rest.isEmpty
        }
        buffer.writeInteger(DHCPOption.end)
        let written = buffer.writerIndex - start
        if written < DHCPMessage.minimumLength {
            buffer.writeRepeatingByte(0, count: DHCPMessage.minimumLength - written)
        }
    }

    public var buffer: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(DHCPMessage.minimumLength)
        write(to: &buffer)
        return buffer
    }

    // MARK: Options

    public subscript(option code: UInt8) -> [UInt8]? {
        get { options.first(where: { $0.code == code })?.data }
        set {
            let index = options.firstIndex(where: { $0.code == code })
            switch (index, newValue) {
            case let (index?, data?): options[index].data = data
            case let (index?, nil): options.remove(at: index)
            case let (nil, data?): options.append(DHCPOption(code: code, data: data))
            case (nil, nil): break
            }
        }
    }

    /// nil when absent or not a known type.
    public var messageType: DHCPMessageType? {
        get { self[option: DHCPOption.messageType].flatMap { $0.count == 1 ? DHCPMessageType(rawValue: $0[0]) : nil } }
        set { self[option: DHCPOption.messageType] = newValue.map { [$0.rawValue] } }
    }

    public var requestedAddress: IPv4Address? {
        get { address(DHCPOption.requestedAddress) }
        set { setAddresses(DHCPOption.requestedAddress, newValue.map { [$0] }) }
    }

    public var serverIdentifier: IPv4Address? {
        get { address(DHCPOption.serverIdentifier) }
        set { setAddresses(DHCPOption.serverIdentifier, newValue.map { [$0] }) }
    }

    public var subnetMask: IPv4Address? {
        get { address(DHCPOption.subnetMask) }
        set { setAddresses(DHCPOption.subnetMask, newValue.map { [$0] }) }
    }

    /// Seconds; 0xFFFFFFFF means infinite.
    public var leaseTime: UInt32? {
        get { seconds(DHCPOption.leaseTime) }
        set { setSeconds(DHCPOption.leaseTime, newValue) }
    }

    /// T1, seconds.
    public var renewalTime: UInt32? {
        get { seconds(DHCPOption.renewalTime) }
        set { setSeconds(DHCPOption.renewalTime, newValue) }
    }

    /// T2, seconds.
    public var rebindingTime: UInt32? {
        get { seconds(DHCPOption.rebindingTime) }
        set { setSeconds(DHCPOption.rebindingTime, newValue) }
    }

    /// Empty when absent or malformed; setting an empty list removes the option.
    public var routers: [IPv4Address] {
        get { addresses(DHCPOption.router) ?? [] }
        set { setAddresses(DHCPOption.router, newValue.isEmpty ? nil : newValue) }
    }

    public var dnsServers: [IPv4Address] {
        get { addresses(DHCPOption.dnsServers) ?? [] }
        set { setAddresses(DHCPOption.dnsServers, newValue.isEmpty ? nil : newValue) }
    }

    public var hostName: String? {
        get { self[option: DHCPOption.hostName].map { String(decoding: $0, as: UTF8.self) } }
        set { self[option: DHCPOption.hostName] = newValue.map { Array($0.utf8) } }
    }

    /// Option 15 (RFC 2132 3.17): the domain name the client resolves names in.
    public var domainName: String? {
        get { self[option: DHCPOption.domainName].map { String(decoding: $0, as: UTF8.self) } }
        set { self[option: DHCPOption.domainName] = newValue.map { Array($0.utf8) } }
    }

    public var parameterRequestList: [UInt8]? {
        get { self[option: DHCPOption.parameterRequestList] }
        set { self[option: DHCPOption.parameterRequestList] = newValue }
    }

    /// Usually the hardware type followed by the hardware address (RFC 2132 9.14).
    public var clientIdentifier: [UInt8]? {
        get { self[option: DHCPOption.clientIdentifier] }
        set { self[option: DHCPOption.clientIdentifier] = newValue }
    }

    private func addresses(_ code: UInt8) -> [IPv4Address]? {
        guard let data = self[option: code], !data.isEmpty, data.count % 4 == 0 else { return nil }
        return stride(from: 0, to: data.count, by: 4).map { i in
            IPv4Address(data[i], data[i + 1], data[i + 2], data[i + 3])
        }
    }

    private func address(_ code: UInt8) -> IPv4Address? {
        guard let list = addresses(code), list.count == 1 else { return nil }
        return list[0]
    }

    private mutating func setAddresses(_ code: UInt8, _ list: [IPv4Address]?) {
        self[option: code] = list.map { $0.flatMap { a in (0..<4).map { UInt8(truncatingIfNeeded: a.value >> (24 - 8 * $0)) } } }
    }

    private func seconds(_ code: UInt8) -> UInt32? {
        guard let data = self[option: code], data.count == 4 else { return nil }
        return data.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    private mutating func setSeconds(_ code: UInt8, _ value: UInt32?) {
        self[option: code] = value.map { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
    }
}
