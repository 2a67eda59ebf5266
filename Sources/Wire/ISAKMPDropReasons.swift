// Reasons an ISAKMP (IKEv1, RFC 2408) message is refused.
extension DropReason {
    /// Shorter than the 28-byte header, or a payload chain that ends before a next-payload of 0.
    public static let isakmpTruncated = DropReason("isakmp-truncated")
    /// Major version other than 1 (IKEv2 is not spoken here).
    public static let isakmpBadVersion = DropReason("isakmp-bad-version")
    /// Header length below 28 or beyond the datagram, or a payload length below 4 or beyond the message.
    public static let isakmpBadLength = DropReason("isakmp-bad-length")
    /// A payload body that does not hold what its type requires (short fixed part, inner lengths or counts that disagree).
    public static let isakmpBadPayload = DropReason("isakmp-bad-payload")
    /// The encryption flag is set where a plaintext message was expected.
    public static let isakmpEncrypted = DropReason("isakmp-encrypted")
}
