import NIOCore

/// The ESP header (RFC 4303 2.1): the SPI that picks the SA and the 32-bit sequence number.
/// What follows it (IV, ciphertext, ICV) depends on the SA, so it is the IPsec module's to read.
public struct ESPHeader: Hashable, Sendable {
    public var spi: UInt32
    public var sequence: UInt32

    public static let length = 8

    public init(spi: UInt32, sequence: UInt32) {
        self.spi = spi
        self.sequence = sequence
    }

    /// Reads the header at the buffer's reader index.
    public static func parse(_ esp: ByteBuffer) throws(DropReason) -> ESPHeader {
        guard esp.readableBytes >= length else { throw .espTruncated }
        return ESPHeader(spi: esp.wireU32(0), sequence: esp.wireU32(4))
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(spi)
        buffer.writeInteger(sequence)
    }
}

extension DropReason {
    /// Shorter than its ESP header, or than the IV, one cipher block and the ICV its SA needs.
    public static let espTruncated = DropReason("esp-truncated")
}
