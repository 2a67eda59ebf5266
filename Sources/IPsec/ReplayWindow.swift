import Wire

/// The receiver's anti-replay window (RFC 4303 3.4.3, the bitmap of RFC 4303 Appendix A1):
/// the highest sequence number accepted and which of the 64 before it were seen.
public struct ReplayWindow: Sendable, Equatable {
    public static let size: UInt32 = 64

    /// Highest authenticated sequence number, 0 before the first packet.
    public private(set) var highest: UInt32 = 0
    /// Bit i set: `highest - i` was received.
    private var seen: UInt64 = 0

    public init() {}

    /// Whether `sequence` may still be new; run before the ICV check, which costs more.
    public func check(_ sequence: UInt32) throws(DropReason) {
        guard sequence != 0 else { throw .espReplay }
        if sequence > highest { return }
        let offset = highest - sequence
        guard offset < Self.size, seen & (1 << UInt64(offset)) == 0 else { throw .espReplay }
    }

    /// Records `sequence`; only once its ICV has been verified, so forgeries cannot move the window.
    public mutating func accept(_ sequence: UInt32) {
        if sequence > highest {
            let shift = sequence - highest
            seen = shift >= Self.size ? 1 : seen << UInt64(shift) | 1
            highest = sequence
        } else {
            seen |= 1 << UInt64(highest - sequence)
        }
    }
}
