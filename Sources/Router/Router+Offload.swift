import NIOCore
import Wire

/// Offloads the kernel left on a frame (a checksum to finish, a super-frame to cut): where the router
/// resolves them, and how big the pieces may be.
extension Router {
    /// The largest Ethernet frame (no FCS) a port sends: a 1,500-byte MTU.
    static let portFrameLimit = EthernetHeader.length + IPv4Fragmenter.ethernetMTU

    /// Finishes an IP packet (offsets counted from its header) and hands on each piece; a packet that
    /// cannot be finished is counted and dropped.
    func finish(_ packet: ByteBuffer, _ offload: FrameOffload, _ body: (ByteBuffer) -> Void) {
        resolve(packet, offload, maximumFrame: IPv4Fragmenter.ethernetMTU, ipAt: 0, body)
    }

    /// Resolves an offload in software, counting super-frames cut (`show ip fragment`) and refusals.
    func resolve(_ frame: ByteBuffer, _ offload: FrameOffload, maximumFrame: Int, ipAt: Int? = nil, _ body: (ByteBuffer) -> Void) {
        do {
            try SoftwareSegmentation.resolve(frame, offload, maximumFrame: maximumFrame, ipAt: ipAt) { piece in
                if offload.segmentation != nil { counters.segmentsCut += 1 }
                body(piece)
            }
            if offload.segmentation != nil { counters.superFramesCut += 1 }
        } catch {
            count(error)
        }
    }

    /// After NAT rewrote an address of a packet whose checksum is still partial: its field must hold the
    /// new pseudo-header's sum (NAT's incremental update treated it as a finished checksum, and ports are
    /// summed later by whoever finishes it).
    func refreshPartialChecksum(in packet: inout ByteBuffer, _ offload: FrameOffload) {
        guard let partial = offload.checksum, let layout = FrameLayout(packet, ipAt: 0),
              partial.start + partial.offset + 2 <= layout.end else { return }
        let sum = layout.pseudoHeaderSum(in: packet, transportLength: layout.end - layout.transport)
        packet.setInteger(UInt16(truncatingIfNeeded: sum), at: packet.readerIndex + partial.start + partial.offset)
    }
}
