// Reasons an L2TPv3-over-UDP packet (RFC 3931 4.1.2.1) is refused.
extension DropReason {
    /// Shorter than the fixed control (12-byte) or data (8-byte) header.
    public static let l2tpTruncated = DropReason("l2tp-truncated")
    /// Ver field other than 3 (L2TPv2 and L2F are not spoken here).
    public static let l2tpBadVersion = DropReason("l2tp-bad-version")
    /// A control message without the L or S bit, which RFC 3931 3.2.1 requires.
    public static let l2tpBadFlags = DropReason("l2tp-bad-flags")
    /// Length field below the 12-byte header or beyond the UDP payload.
    public static let l2tpBadLength = DropReason("l2tp-bad-length")
    /// An AVP shorter than its 6-byte header, running past the message, or a Message Type AVP whose value is not 2 bytes.
    public static let l2tpBadAVPLength = DropReason("l2tp-bad-avp-length")
    /// An AVP with the H bit: RTX never hides AVPs, so we keep no Random Vector machinery.
    public static let l2tpHiddenAVP = DropReason("l2tp-hidden-avp")
    /// A message with AVPs whose first AVP is not Message Type (RFC 3931 5.4.1).
    public static let l2tpNoMessageType = DropReason("l2tp-no-message-type")
    /// A data packet for Session ID 0, which RFC 3931 4.1 reserves for control messages.
    public static let l2tpDataSessionZero = DropReason("l2tp-data-session-zero")
}
