import Wire

// Reasons an ESP packet (RFC 4303) is refused, in the order the checks run. `esp-truncated` is
// Wire's, as ESPHeader.parse throws it.
extension DropReason {
    /// No SA for the SPI (and destination), or the packet was handed to another SA.
    public static let espUnknownSPI = DropReason("esp-unknown-spi")
    /// Ciphertext that is not a whole number of cipher blocks.
    public static let espBadLength = DropReason("esp-bad-length")
    /// Sequence number 0, seen already, or left of the anti-replay window (RFC 4303 3.4.3).
    public static let espReplay = DropReason("esp-replay")
    /// The ICV does not match: corrupted, forged, or keyed differently (RFC 4303 3.4.4).
    public static let espICVMismatch = DropReason("esp-icv-mismatch")
    /// A pad length beyond the plaintext, or padding bytes other than 1, 2, 3 ... (RFC 4303 2.4).
    public static let espBadPadding = DropReason("esp-bad-padding")
    /// A tunnel-mode SA whose payload is not an IPv4 packet (next header 4).
    public static let espBadNextHeader = DropReason("esp-bad-next-header")
    /// Outbound: the 32-bit sequence number would wrap; the SA must be rekeyed (RFC 4303 3.3.3).
    public static let espSequenceExhausted = DropReason("esp-sequence-exhausted")
    /// Outbound: the ESP packet would exceed the IPv4 total length.
    public static let espOversize = DropReason("esp-oversize")
}
