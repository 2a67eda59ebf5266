import NIOCore
@testable import Wire

/// Bytes from hex text; spaces and newlines are ignored. Test vectors only.
func hexBuffer(_ hex: String) -> ByteBuffer {
    let digits = hex.filter(\.isHexDigit)
    var buffer = ByteBuffer()
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        buffer.writeInteger(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return buffer
}

func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// Deterministic randomness so a failing case can be replayed (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ByteBuffer {
    /// A copy with one byte replaced, for corruption tests.
    func setting(_ value: UInt8, at offset: Int) -> ByteBuffer {
        var copy = self
        copy.setInteger(value, at: readerIndex + offset)
        return copy
    }

    func prefix(_ length: Int) -> ByteBuffer { getSlice(at: readerIndex, length: length) ?? ByteBuffer() }
}
