import Foundation
import NIOCore

/// The frames one link carried, with their virtual times; written as a libpcap file (microsecond
/// timestamps, LINKTYPE_ETHERNET) at the end of a run.
public struct PcapWriter {
    public private(set) var frames: [(time: Duration, frame: ByteBuffer)] = []

    public init() {}

    public mutating func record(_ frame: ByteBuffer, at time: Duration) {
        frames.append((time, frame))
    }

    public func write(to url: URL) throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0xA1B2_C3D4), endianness: .little)
        buffer.writeInteger(UInt16(2), endianness: .little)
        buffer.writeInteger(UInt16(4), endianness: .little)
        buffer.writeInteger(Int32(0), endianness: .little)       // thiszone
        buffer.writeInteger(UInt32(0), endianness: .little)      // sigfigs
        buffer.writeInteger(UInt32(65535), endianness: .little)  // snaplen
        buffer.writeInteger(UInt32(1), endianness: .little)      // Ethernet
        for (time, frame) in frames {
            let (seconds, attoseconds) = time.components
            buffer.writeInteger(UInt32(truncatingIfNeeded: seconds), endianness: .little)
            buffer.writeInteger(UInt32(attoseconds / 1_000_000_000_000), endianness: .little)
            buffer.writeInteger(UInt32(frame.readableBytes), endianness: .little)
            buffer.writeInteger(UInt32(frame.readableBytes), endianness: .little)
            buffer.writeImmutableBuffer(frame)
        }
        try Data(buffer.readableBytesView).write(to: url)
    }
}
