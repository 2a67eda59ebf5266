import NIOCore

/// Rewrites the MSS option of a TCP SYN down to a limit, in place (RTX's `ip INTERFACE tcp mss
/// limit`): both ends of a connection through a tunnel then send segments that fit it.
public enum TCPMSSClamp {
    /// Clamps the SYN in `frame` (an Ethernet frame, or an IP packet with `ipAt` 0) to `limit`.
    /// `checksumPartial`: the frame's TCP checksum is still to be completed, and covers the new value
    /// by itself. Returns whether the option was lowered.
    @discardableResult
    public static func clamp(_ frame: inout ByteBuffer, to limit: Int, ipAt: Int? = nil, checksumPartial: Bool = false) -> Bool {
        guard let layout = FrameLayout(frame, ipAt: ipAt), layout.protocol == IPProtocol.tcp,
              let headerLength = layout.transportHeaderLength(in: frame), headerLength > TCPHeader.minimumLength,
              frame.wireU8(layout.transport + 13) & UInt8(TCPHeader.syn) != 0 else { return false }
        var at = layout.transport + TCPHeader.minimumLength
        let end = layout.transport + headerLength
        while at < end {
            let kind = frame.wireU8(at)
            if kind == 0 { return false }
            if kind == 1 { at += 1; continue }
            guard at + 1 < end else { return false }
            let length = Int(frame.wireU8(at + 1))
            guard length >= 2, at + length <= end else { return false }
            if kind == 2, length == 4 {
                let old = frame.wireU16(at + 2)
                guard Int(old) > limit else { return false }
                let new = UInt16(clamping: limit)
                let base = frame.readerIndex
                frame.setInteger(new, at: base + at + 2)
                if !checksumPartial {
                    let field = base + layout.transport + 16
                    // The option's offset from the header start is even only when it is word-aligned in the sum.
                    let aligned = (at - layout.transport) % 2 == 0
                    let checksum = frame.getInteger(at: field, as: UInt16.self) ?? 0
                    frame.setInteger(aligned ? InternetChecksum.update(checksum, old: old, new: new)
                                             : InternetChecksum.update(checksum, old: old.byteSwapped, new: new.byteSwapped), at: field)
                }
                return true
            }
            at += length
        }
        return false
    }
}
