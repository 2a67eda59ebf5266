import NIOCore

/// An ARP packet for IPv4 over Ethernet (RFC 826: htype 1, ptype 0x0800, hlen 6, plen 4); nothing else is accepted.
public struct ARPPacket: Hashable, Sendable {
    public enum Operation: UInt16, Sendable {
        case request = 1
        case reply = 2
    }

    public var operation: Operation
    public var senderMAC: MACAddress
    public var senderIP: IPv4Address
    public var targetMAC: MACAddress
    public var targetIP: IPv4Address

    public static let length = 28

    public init(operation: Operation, senderMAC: MACAddress, senderIP: IPv4Address, targetMAC: MACAddress, targetIP: IPv4Address) {
        self.operation = operation
        self.senderMAC = senderMAC
        self.senderIP = senderIP
        self.targetMAC = targetMAC
        self.targetIP = targetIP
    }

    /// Trailing bytes (Ethernet padding) are allowed and ignored.
    public static func parse(_ payload: ByteBuffer) throws(DropReason) -> ARPPacket {
        guard payload.readableBytes >= length else { throw .arpTruncated }
        guard payload.wireU16(0) == 1, payload.wireU16(2) == EtherType.ipv4,
              payload.wireU8(4) == 6, payload.wireU8(5) == 4,
              let operation = Operation(rawValue: payload.wireU16(6))
        else { throw .arpUnsupported }
        return ARPPacket(operation: operation,
                         senderMAC: payload.wireMAC(8), senderIP: payload.wireIPv4(14),
                         targetMAC: payload.wireMAC(18), targetIP: payload.wireIPv4(24))
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(1))
        buffer.writeInteger(EtherType.ipv4)
        buffer.writeInteger(UInt8(6))
        buffer.writeInteger(UInt8(4))
        buffer.writeInteger(operation.rawValue)
        buffer.writeMAC(senderMAC)
        buffer.writeIPv4(senderIP)
        buffer.writeMAC(targetMAC)
        buffer.writeIPv4(targetIP)
    }

    /// The 28-byte packet, to hand to `EthernetHeader.frame` (which pads it).
    public var buffer: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: ARPPacket.length)
        write(to: &buffer)
        return buffer
    }
}
