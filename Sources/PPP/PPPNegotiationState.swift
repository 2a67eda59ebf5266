/// The ten states of the RFC 1661 4.2 option negotiation automaton, numbered as in its state table.
public enum PPPNegotiationState: Int, Hashable, Sendable, CustomStringConvertible {
    case initial = 0, starting, closed, stopped, closing, stopping, requestSent, ackReceived, ackSent, opened

    /// States in which the restart timer runs (RFC 1661 4.6).
    var timerRuns: Bool { [.closing, .stopping, .requestSent, .ackReceived, .ackSent].contains(self) }

    public var description: String {
        switch self {
        case .initial: "Initial"
        case .starting: "Starting"
        case .closed: "Closed"
        case .stopped: "Stopped"
        case .closing: "Closing"
        case .stopping: "Stopping"
        case .requestSent: "Req-Sent"
        case .ackReceived: "Ack-Rcvd"
        case .ackSent: "Ack-Sent"
        case .opened: "Opened"
        }
    }
}
