// Reasons a PPPoE (RFC 2516) frame or a PPP packet inside one (RFC 1661, 1332, 1334, 1994) is refused.
extension DropReason {
    /// Shorter than the 6-byte PPPoE header, or a session frame without room for the 2-byte PPP protocol.
    public static let pppoeTruncated = DropReason("pppoe-truncated")
    /// VER/TYPE other than 1/1 (RFC 2516 4: "MUST be set to 0x1").
    public static let pppoeBadVersion = DropReason("pppoe-bad-version")
    /// A discovery code that is not PADI/PADO/PADR/PADS/PADT, or a session frame whose code is not 0.
    public static let pppoeBadCode = DropReason("pppoe-bad-code")
    /// LENGTH beyond the Ethernet payload.
    public static let pppoeBadLength = DropReason("pppoe-bad-length")
    /// A tag shorter than its 4-byte header or running past the payload.
    public static let pppoeBadTag = DropReason("pppoe-bad-tag")

    /// Shorter than the 4-byte code/identifier/length header of LCP, IPCP, PAP or CHAP.
    public static let pppTruncated = DropReason("ppp-truncated")
    /// Length field below the 4-byte header or beyond the PPPoE payload.
    public static let pppBadLength = DropReason("ppp-bad-length")
    /// A configuration option shorter than 2 bytes or running past the packet (RFC 1661 6).
    public static let pppBadOption = DropReason("ppp-bad-option")
    /// A PAP packet whose Peer-ID, Password or Message length runs past the packet (RFC 1334 2.2).
    public static let papBadLength = DropReason("pap-bad-length")
    /// A CHAP packet whose Value-Size runs past the packet (RFC 1994 4.1).
    public static let chapBadLength = DropReason("chap-bad-length")
}

extension DropReason {
    /// A PAP code other than Authenticate-Request/Ack/Nak (RFC 1334 2.2 says to discard it silently).
    public static let papBadCode = DropReason("pap-bad-code")
    /// A CHAP code other than Challenge/Response/Success/Failure (RFC 1994 4).
    public static let chapBadCode = DropReason("chap-bad-code")
}

// Reasons the PPP negotiation automaton (RFC 1661 4) discards a well-formed packet.
extension DropReason {
    /// A Configure-Ack/Nak/Reject whose Identifier is not our last Configure-Request's, or that comes when
    /// no request is outstanding (RFC 1661 5.2-5.4: silently discarded).
    public static let pppUnexpectedReply = DropReason("ppp-unexpected-reply")
    /// A Configure-Ack whose options are not exactly the ones requested (RFC 1661 5.2).
    public static let pppBadAck = DropReason("ppp-bad-ack")
    /// A Configure-Reject listing an option that was not in the request, or changed (RFC 1661 5.4).
    public static let pppBadReject = DropReason("ppp-bad-reject")
    /// A packet before the lower layer is up, or an Echo/Discard outside the Opened state (RFC 1661 5.8).
    public static let pppNotOpened = DropReason("ppp-not-opened")
    /// Echo-Requests beyond the reply budget: a storm is not reflected back.
    public static let pppEchoRateLimited = DropReason("ppp-echo-rate-limited")
    /// An Echo-Request carrying our own Magic-Number: the link loops back (RFC 1661 6.4).
    public static let pppLoopedBack = DropReason("ppp-looped-back")
}

// Reasons a PPPoE client or access concentrator refuses a well-formed frame.
extension DropReason {
    /// A discovery packet the receiver has no use for now (a PADI at a client, a PADS nobody asked for ...).
    public static let pppoeUnexpected = DropReason("pppoe-unexpected")
    /// A PADO after the first acceptable one: a flood of offers from many ACs is not answered.
    public static let pppoeExtraOffer = DropReason("pppoe-extra-offer")
    /// A PADO or PADS whose Host-Uniq is not the one we sent.
    public static let pppoeWrongHostUniq = DropReason("pppoe-wrong-host-uniq")
    /// A PADO from an AC other than `pppoe access concentrator`, or without the Service-Name we asked for.
    public static let pppoeACMismatch = DropReason("pppoe-ac-mismatch")
    /// A session frame or PADT for another session, or from another MAC address than the AC's.
    public static let pppoeWrongSession = DropReason("pppoe-wrong-session")
    /// A PPP protocol this end does not speak: answered with an LCP Protocol-Reject (RFC 1661 5.7).
    public static let pppUnknownProtocol = DropReason("ppp-unknown-protocol")
    /// An authentication or NCP packet outside its phase (RFC 1661 3.2: discarded until the phase is reached).
    public static let pppUnexpectedPhase = DropReason("ppp-unexpected-phase")
    /// Protocol-Rejects beyond the reply budget: a flood of unknown protocols is not reflected.
    public static let pppRejectRateLimited = DropReason("ppp-reject-rate-limited")
}
