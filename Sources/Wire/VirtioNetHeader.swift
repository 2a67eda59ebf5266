/// `struct virtio_net_hdr` (virtio 1.x, section 5.1.6): the 10 bytes Linux puts before each frame on
/// an AF_PACKET socket with `PACKET_VNET_HDR` or a TAP with `IFF_VNET_HDR`, in the host's byte order
/// (little-endian here). Read into a `FrameOffload`, and written from one.
public enum VirtioNetHeader {
    public static let length = 10

    static let needsChecksum: UInt8 = 1
    static let dataValid: UInt8 = 2
    /// `VIRTIO_NET_HDR_GSO_ECN`: the sender set CWR in a segment; the type is in the low bits.
    static let ecnFlag: UInt8 = 0x80

    /// Reads the header at the front of `bytes`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(DropReason) -> FrameOffload {
        guard bytes.count >= length else { throw .virtioHeaderTruncated }
        func u16(_ offset: Int) -> Int { Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) }
        let flags = bytes[0], type = bytes[1] & ~ecnFlag
        var offload = FrameOffload()
        if flags & needsChecksum != 0 { offload.checksum = .init(start: u16(6), offset: u16(8)) }
        offload.checksumVerified = flags & dataValid != 0
        if type != 0 {
            guard let segmentation = FrameOffload.Segmentation(rawValue: type) else { throw .gsoUnsupported }
            offload.segmentation = segmentation
            offload.segmentSize = u16(4)
        }
        return offload
    }

    /// Writes the header for `offload` into the first 10 bytes of `bytes`. `headerLength` is the
    /// bytes before a segment's payload (Ethernet, IP and transport headers), which Linux takes as a hint.
    public static func write(_ offload: FrameOffload, headerLength: Int, to bytes: UnsafeMutableRawBufferPointer) {
        func store(_ value: Int, _ offset: Int) {
            bytes.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: offset, as: UInt16.self)
        }
        bytes[0] = (offload.checksum != nil ? needsChecksum : 0) | (offload.checksumVerified ? dataValid : 0)
        bytes[1] = offload.segmentation?.rawValue ?? 0
        store(offload.segmentation != nil ? headerLength : 0, 2)
        store(offload.segmentation != nil ? offload.segmentSize : 0, 4)
        store(offload.checksum?.start ?? 0, 6)
        store(offload.checksum?.offset ?? 0, 8)
    }
}

extension DropReason {
    /// A read from an offload-aware port shorter than its virtio-net header.
    public static let virtioHeaderTruncated = DropReason("virtio-header-truncated")
}
