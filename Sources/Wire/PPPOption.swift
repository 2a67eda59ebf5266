/// One configuration option of an LCP or NCP Configure packet (RFC 1661 6): Type, Length (including both), Data.
public struct PPPOption: Hashable, Sendable {
    public var type: UInt8
    public var value: [UInt8]

    public static let headerLength = 2
    /// The 8-bit Length caps an option at 255 bytes; `write` cuts a longer value there.
    public static let maximumValueLength = 255 - headerLength

    public init(type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    public static func uint16(_ type: UInt8, _ value: UInt16) -> PPPOption {
        PPPOption(type: type, value: [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)])
    }

    public static func uint32(_ type: UInt8, _ value: UInt32) -> PPPOption {
        PPPOption(type: type, value: IPv4Address(value).bytes)
    }

    public static func address(_ type: UInt8, _ address: IPv4Address) -> PPPOption {
        PPPOption(type: type, value: address.bytes)
    }

    /// The value as a 16-bit number, nil unless it is exactly 2 bytes.
    public var uint16: UInt16? { value.count == 2 ? UInt16(value[0]) << 8 | UInt16(value[1]) : nil }
    /// The value as a 32-bit number, nil unless it is exactly 4 bytes.
    public var uint32: UInt32? { value.count == 4 ? IPv4Address(bytes: value).value : nil }
    /// The value as an IPv4 address, nil unless it is exactly 4 bytes.
    public var address: IPv4Address? { value.count == 4 ? IPv4Address(bytes: value) : nil }

    public var wireLength: Int { Self.headerLength + min(value.count, Self.maximumValueLength) }

    public func write(to bytes: inout [UInt8]) {
        let count = min(value.count, Self.maximumValueLength)
        bytes.append(type)
        bytes.append(UInt8(count + Self.headerLength))
        bytes.append(contentsOf: value.prefix(count))
    }

    /// An option list as the Data of a Configure packet.
    public static func bytes(of options: [PPPOption]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(options.reduce(0) { $0 + $1.wireLength })
        for option in options { option.write(to: &bytes) }
        return bytes
    }

    /// The options in a Configure packet's Data; every option at least 2 bytes and within the data.
    public static func list(from data: [UInt8]) throws(DropReason) -> [PPPOption] {
        var options: [PPPOption] = []
        var offset = 0
        while offset < data.count {
            guard data.count - offset >= headerLength else { throw .pppBadOption }
            let length = Int(data[offset + 1])
            guard length >= headerLength, length <= data.count - offset else { throw .pppBadOption }
            options.append(PPPOption(type: data[offset], value: Array(data[offset + headerLength ..< offset + length])))
            offset += length
        }
        return options
    }
}
