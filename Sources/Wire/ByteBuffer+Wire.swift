import NIOCore

// Fixed-offset reads for parsers. Callers check `readableBytes` first, so the `?? 0` fallbacks are
// unreachable; they exist so that a mistake reads zero instead of crashing on network data.
extension ByteBuffer {
    @inline(__always)
    func wireU8(_ offset: Int) -> UInt8 { getInteger(at: readerIndex + offset, as: UInt8.self) ?? 0 }

    @inline(__always)
    func wireU16(_ offset: Int) -> UInt16 { getInteger(at: readerIndex + offset, as: UInt16.self) ?? 0 }

    @inline(__always)
    func wireU32(_ offset: Int) -> UInt32 { getInteger(at: readerIndex + offset, as: UInt32.self) ?? 0 }

    func wireMAC(_ offset: Int) -> MACAddress {
        MACAddress(UInt64(wireU32(offset)) << 16 | UInt64(wireU16(offset + 4)))
    }

    func wireIPv4(_ offset: Int) -> IPv4Address { IPv4Address(wireU32(offset)) }

    /// A slice of readable bytes `offset..<offset+length`; empty if out of range (callers check first).
    func wireSlice(_ offset: Int, _ length: Int) -> ByteBuffer {
        getSlice(at: readerIndex + offset, length: length) ?? ByteBuffer()
    }

    mutating func writeMAC(_ mac: MACAddress) {
        writeInteger(UInt32(truncatingIfNeeded: mac.value >> 16))
        writeInteger(UInt16(truncatingIfNeeded: mac.value))
    }

    mutating func writeIPv4(_ address: IPv4Address) { writeInteger(address.value) }
}
