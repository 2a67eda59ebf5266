/// The automaton's counters and timer (RFC 1661 4.6), as `ppp lcp restart` / `ppp lcp maxconfigure` ... set them.
public struct PPPNegotiationTiming: Equatable, Sendable {
    /// Restart timer: how long a Configure-Request or Terminate-Request waits for its reply.
    public var restart: Duration
    /// Configure-Requests sent without a reply before giving up.
    public var maxConfigure: Int
    /// Terminate-Requests sent without a Terminate-Ack before finishing anyway.
    public var maxTerminate: Int
    /// Configure-Naks sent without a Configure-Ack before Naks turn into Rejects. The same bound on Naks and
    /// Rejects received keeps the automaton from looping: after it, Nak'd options are dropped from our request,
    /// and after twice it the negotiation ends as not converging.
    public var maxFailure: Int

    public init(restart: Duration = .seconds(3), maxConfigure: Int = 10, maxTerminate: Int = 2, maxFailure: Int = 10) {
        self.restart = restart
        self.maxConfigure = maxConfigure
        self.maxTerminate = maxTerminate
        self.maxFailure = maxFailure
    }
}
