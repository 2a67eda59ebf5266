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

extension ByteBuffer {
    /// A copy with one byte replaced, for corruption tests.
    func setting(_ value: UInt8, at offset: Int) -> ByteBuffer {
        var copy = self
        copy.setInteger(value, at: readerIndex + offset)
        return copy
    }

    func prefix(_ length: Int) -> ByteBuffer { getSlice(at: readerIndex, length: length) ?? ByteBuffer() }
}
