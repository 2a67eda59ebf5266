import NIOCore

/// The Internet checksum (RFC 1071) shared by IPv4, ICMP, UDP and TCP.
public enum InternetChecksum {
    /// RFC 1071 one's-complement sum of the readable bytes (plus an optional initial partial sum, for pseudo-headers).
    /// An odd trailing byte counts as the high byte of a zero-padded word. Over data that already holds a valid
    /// checksum the result is 0.
    public static func checksum(_ buffer: ByteBuffer, initial: UInt32 = 0) -> UInt16 {
        ~fold(UInt64(initial) &+ sum(buffer))
    }

    /// The pseudo-header's partial sum for UDP/TCP: addresses, protocol and the segment length.
    public static func pseudoHeaderSum(source: IPv4Address, destination: IPv4Address, protocol: UInt8, length: Int) -> UInt32 {
        let words: UInt32 = (source.value >> 16) + (source.value & 0xFFFF)
            + (destination.value >> 16) + (destination.value & 0xFFFF)
            + UInt32(`protocol`) + UInt32(truncatingIfNeeded: length & 0xFFFF)
        return UInt32(fold(UInt64(words)))
    }

    /// RFC 1624 incremental update: checksum after a 16-bit field changed from old to new.
    /// Uses eqn. 3, HC' = ~(~HC + ~m + m'), which agrees with a full recomputation.
    public static func update(_ checksum: UInt16, old: UInt16, new: UInt16) -> UInt16 {
        ~fold(UInt64(~checksum) + UInt64(~old) + UInt64(new))
    }

    /// RFC 1624 incremental update for a 32-bit field (an address): both halves at once.
    public static func update(_ checksum: UInt16, old: UInt32, new: UInt32) -> UInt16 {
        let sum = UInt64(~checksum)
            + UInt64(~UInt16(truncatingIfNeeded: old >> 16)) + UInt64(~UInt16(truncatingIfNeeded: old))
            + UInt64(UInt16(truncatingIfNeeded: new >> 16)) + UInt64(UInt16(truncatingIfNeeded: new))
        return ~fold(sum)
    }

    /// Sum of big-endian 16-bit words of the readable bytes, folded to 16 bits.
    ///
    /// Reads four bytes at a time in memory order: the one's-complement sum is byte-order independent
    /// (RFC 1071 section 2(B)), so summing native-order words and swapping the folded result once
    /// gives the big-endian sum.
    static func sum(_ buffer: ByteBuffer) -> UInt64 {
        buffer.withUnsafeReadableBytes { sum($0) }
    }

    static func sum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var total: UInt64 = 0
        var index = 0
        let count = bytes.count
        while index + 4 <= count {
            total &+= UInt64(bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
            index += 4
        }
        if index + 2 <= count {
            total &+= UInt64(bytes.loadUnaligned(fromByteOffset: index, as: UInt16.self))
            index += 2
        }
        // An odd last byte is the high byte of a zero-padded big-endian word.
        if index < count { total &+= UInt64(UInt16(bigEndian: UInt16(bytes[index]) << 8)) }
        return UInt64(UInt16(bigEndian: fold(total)))
    }

    /// The checksum of raw bytes (a header being built on the stack).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt16 {
        ~fold(UInt64(initial) &+ sum(bytes))
    }

    /// End-around carry down to 16 bits.
    static func fold(_ value: UInt64) -> UInt16 {
        var sum = value
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return UInt16(truncatingIfNeeded: sum)
    }
}
