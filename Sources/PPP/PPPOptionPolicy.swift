import Wire

/// What one control protocol (LCP, IPCP) wants from option negotiation; the generic `PPPNegotiation` automaton
/// asks it. A policy holds both what we are asking for and what has been agreed; the caller reads it back from
/// `PPPNegotiation.policy` (e.g. the address IPCP got) once the layer is up.
public protocol PPPOptionPolicy: Sendable {
    /// The PPP protocol number the packets travel under (`PPPProtocol.lcp`, `PPPProtocol.ipcp`). LCP also
    /// handles Protocol-Reject, Echo, Discard, Identification and Time-Remaining; other protocols Code-Reject them.
    var protocolNumber: UInt16 { get }

    /// Our Magic-Number once agreed (LCP), put in Echo-Replies; 0 when none was negotiated or not LCP.
    var magicNumber: UInt32 { get }

    /// The options of our next Configure-Request, as the policy now wants them.
    func requestedOptions() -> [PPPOption]

    /// The peer's Configure-Request, judged: options to reject (copied unchanged from `options`), options to Nak
    /// (with the values we would accept), or neither, which acknowledges the request. The automaton turns a
    /// Nak into a Reject of the same option types once Max-Failure Naks went unanswered by an Ack.
    func judge(_ options: [PPPOption]) -> PPPJudgement

    /// We sent a Configure-Ack for these options of the peer: they are now in force for the peer's side.
    mutating func peerAccepted(_ options: [PPPOption])

    /// The peer acknowledged our request `options`: they are now in force for our side.
    mutating func acknowledged(_ options: [PPPOption])

    /// The peer Nak'd these options with the values it wants (they may include options we did not request):
    /// change the next request accordingly.
    mutating func nakked(_ options: [PPPOption])

    /// The peer rejected these options of our request: leave them out of the next one.
    mutating func rejected(_ options: [PPPOption])

    /// A negotiation starts afresh (this-layer-started, or a restart after the peer changed its mind):
    /// forget what was agreed and go back to the initial wishes.
    mutating func reset()
}

/// A policy's judgement of a peer's Configure-Request.
public struct PPPJudgement: Equatable, Sendable {
    /// Options refused outright, exactly as the peer sent them.
    public var rejected: [PPPOption]
    /// Options with the values we would accept instead.
    public var nakked: [PPPOption]

    public init(rejected: [PPPOption] = [], nakked: [PPPOption] = []) {
        self.rejected = rejected
        self.nakked = nakked
    }

    public static let acceptable = PPPJudgement()
}
