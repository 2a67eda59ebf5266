import NIOCore
import Foundation

/// A libpcap file (microsecond timestamps, LINKTYPE_ETHERNET) built in memory and written at the end.
public struct PcapWriter {
    private var buffer = ByteBuffer()

    public init() {
        buffer.writeInteger(UInt32(0xA1B2_C3D4), endianness: .little)
        buffer.writeInteger(UInt16(2), endianness: .little)
        buffer.writeInteger(UInt16(4), endianness: .little)
        buffer.writeInteger(Int32(0), endianness: .little)       // thiszone
        buffer.writeInteger(UInt32(0), endianness: .little)      // sigfigs
        buffer.writeInteger(UInt32(65535), endianness: .little)  // snaplen
        buffer.writeInteger(UInt32(1), endianness: .little)      // Ethernet
    }

    public mutating func record(_ frame: ByteBuffer, at time: Duration) {
        let (seconds, attoseconds) = time.components
        buffer.writeInteger(UInt32(truncatingIfNeeded: seconds), endianness: .little)
        buffer.writeInteger(UInt32(attoseconds / 1_000_000_000_000), endianness: .little)
        buffer.writeInteger(UInt32(frame.readableBytes), endianness: .little)
        buffer.writeInteger(UInt32(frame.readableBytes), endianness: .little)
        var copy = frame
        buffer.writeBuffer(&copy)
    }

    public func write(to url: URL) throws {
        try Data(buffer.readableBytesView).write(to: url)
    }
}
