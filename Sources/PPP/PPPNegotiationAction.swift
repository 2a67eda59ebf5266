import Wire

/// What the automaton asks its caller to do (RFC 1661 4.4 actions; the caller sends packets and tells the
/// layers above and below).
public enum PPPNegotiationAction: Equatable, Sendable {
    /// A packet to send under the policy's protocol number.
    case send(PPPControlPacket)
    /// This-Layer-Up: the options are agreed (LCP: start authentication; IPCP: the link carries IPv4).
    case layerUp
    /// This-Layer-Down: leaving Opened.
    case layerDown
    /// This-Layer-Started: the automaton wants the lower layer up (LCP: PPPoE discovery; IPCP: LCP opened).
    case layerStarted
    /// This-Layer-Finished: the automaton no longer needs the lower layer, and why.
    case layerFinished(PPPNegotiationEnd)
    /// A packet the automaton does not act on itself, in Opened (LCP: Echo-Reply, Discard-Request,
    /// Identification, Time-Remaining): keepalive bookkeeping is the caller's.
    case received(PPPControlPacket)
    /// LCP received a Protocol-Reject for another protocol: tell that protocol's automaton (`peerRejected`).
    case protocolRejected(UInt16)
    /// The peer Code-Rejected a code this protocol can do without (e.g. Echo-Request): stop sending it.
    case codeRejected(PPPControlCode)
    /// A packet refused, to count.
    case drop(DropReason)
}

/// Why a negotiation finished (the reason carried by This-Layer-Finished).
public enum PPPNegotiationEnd: Equatable, Sendable, CustomStringConvertible {
    /// We closed it (`close`), and the terminate exchange is over.
    case closed
    /// Max-Configure Configure-Requests went unanswered.
    case timeout
    /// The peer sent a Terminate-Request.
    case terminatedByPeer
    /// The peer Code-Rejected a code we need, or Protocol-Rejected the protocol (RXJ-).
    case rejected
    /// Naks or Rejects kept coming past twice Max-Failure: the two sides cannot agree.
    case notConverging

    public var description: String {
        switch self {
        case .closed: "closed"
        case .timeout: "no response"
        case .terminatedByPeer: "terminated by peer"
        case .rejected: "rejected by peer"
        case .notConverging: "negotiation did not converge"
        }
    }
}
