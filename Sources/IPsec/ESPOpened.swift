import NIOCore

/// What an inbound SA found inside an ESP packet.
public struct ESPOpened {
    /// The protocol of `payload` (17 for L2TPv3's UDP in transport mode, 4 in tunnel mode).
    public var nextHeader: UInt8
    /// Transport mode: the upper-layer bytes (e.g. the UDP datagram) that followed the IPv4 header.
    /// Tunnel mode: the inner IPv4 packet. A slice of the packet's own storage, decrypted in place.
    public var payload: ByteBuffer

    public init(nextHeader: UInt8, payload: ByteBuffer) {
        self.nextHeader = nextHeader
        self.payload = payload
    }
}
