import NIOCore

/// What the kernel left for the device to finish on a frame (the meaning of `struct virtio_net_hdr`):
/// a transport checksum to complete, and a super-frame to cut into segments (GSO/TSO, or GRO's
/// coalesced frames). It travels beside the frame's ByteBuffer from the port that read it to
/// wherever it is resolved. Offsets count from the first byte of the Ethernet header.
public struct FrameOffload: Hashable, Sendable {
    /// The segmentation a super-frame asks for (virtio's `gso_type`).
    public enum Segmentation: UInt8, Hashable, Sendable {
        case tcpIPv4 = 1
        case tcpIPv6 = 4
        /// UDP GSO (`UDP_SEGMENT`): every segment is a datagram of its own with a copy of the headers.
        case udpL4 = 5
    }

    /// Where a partial checksum starts and, from there, where its field is: the field holds the
    /// pseudo-header's sum, and the one's-complement sum from `start` to the end completes it.
    public struct PartialChecksum: Hashable, Sendable {
        public var start: Int
        public var offset: Int

        public init(start: Int, offset: Int) {
            self.start = start
            self.offset = offset
        }
    }

    public var checksum: PartialChecksum?
    public var segmentation: Segmentation?
    /// Payload bytes per segment (virtio's `gso_size`).
    public var segmentSize: Int
    /// The kernel already checked the transport checksum (`VIRTIO_NET_HDR_F_DATA_VALID`).
    public var checksumVerified: Bool

    public init(checksum: PartialChecksum? = nil, segmentation: Segmentation? = nil, segmentSize: Int = 0,
                checksumVerified: Bool = false) {
        self.checksum = checksum
        self.segmentation = segmentation
        self.segmentSize = segmentSize
        self.checksumVerified = checksumVerified
    }

    /// A frame that is complete as it is.
    public static let none = FrameOffload()

    /// Nothing is left to do: the bytes are what goes on the wire.
    public var isResolved: Bool { checksum == nil && segmentation == nil }
}

extension DropReason {
    /// A super-frame SoftRTX cannot cut: not TCP or UDP over IPv4/IPv6 as its segmentation type says,
    /// or a segment size of 0.
    public static let gsoUnsupported = DropReason("gso-unsupported")
    /// A super-frame that would become more than `SoftwareSegmentation.maximumSegments` segments.
    public static let gsoTooManySegments = DropReason("gso-too-many-segments")
    /// A partial checksum whose start or field lies outside the frame.
    public static let checksumOffloadBad = DropReason("checksum-offload-bad")
}

extension FrameOffload {
    /// The same metadata for a buffer that starts `delta` bytes later (negative) or earlier (positive):
    /// the IP packet inside a frame, or the frame around a packet.
    public func shifted(by delta: Int) -> FrameOffload {
        guard var partial = checksum else { return self }
        partial.start += delta
        var shifted = self
        shifted.checksum = partial
        return shifted
    }
}

extension FrameOffload {
    /// For a finished frame holding one whole TCP segment (not an IP fragment): the offload that lets
    /// it be cut like a super-frame. TCP takes any cut of its byte stream, so a segment too large for a
    /// tunnel can become two rather than leave as IP fragments. Nil for anything else.
    public static func tcpResegmentation(of frame: ByteBuffer) -> FrameOffload? {
        guard let layout = FrameLayout(frame), layout.protocol == IPProtocol.tcp else { return nil }
        if !layout.isIPv6, frame.wireU16(layout.network + 6) & 0x3FFF != 0 { return nil }
        return FrameOffload(segmentation: layout.isIPv6 ? .tcpIPv6 : .tcpIPv4)
    }
}
