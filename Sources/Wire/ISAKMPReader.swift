/// Checked big-endian reads from a payload body; running short throws the reason the caller chose.
struct ISAKMPReader {
    private let bytes: [UInt8]
    private(set) var offset = 0
    private let shortage: DropReason

    init(_ bytes: [UInt8], shortage: DropReason = .isakmpBadPayload) {
        self.bytes = bytes
        self.shortage = shortage
    }

    var remaining: Int { bytes.count - offset }

    mutating func u8() throws(DropReason) -> UInt8 { try take(1)[0] }

    mutating func u16() throws(DropReason) -> UInt16 { try take(2).reduce(0) { $0 << 8 | UInt16($1) } }

    mutating func u32() throws(DropReason) -> UInt32 { try take(4).reduce(0) { $0 << 8 | UInt32($1) } }

    mutating func u64() throws(DropReason) -> UInt64 { try take(8).reduce(0) { $0 << 8 | UInt64($1) } }

    mutating func take(_ count: Int) throws(DropReason) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw shortage }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` big-endian.
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: (MemoryLayout<T>.size - 1) * 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
