/// The Code field of an LCP or NCP packet (RFC 1661 5; 12 and 13 from RFC 1570). Unknown codes stay
/// representable: the automaton answers them with a Code-Reject.
public struct PPPControlCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let configureRequest = PPPControlCode(rawValue: 1)
    public static let configureAck = PPPControlCode(rawValue: 2)
    public static let configureNak = PPPControlCode(rawValue: 3)
    public static let configureReject = PPPControlCode(rawValue: 4)
    public static let terminateRequest = PPPControlCode(rawValue: 5)
    public static let terminateAck = PPPControlCode(rawValue: 6)
    public static let codeReject = PPPControlCode(rawValue: 7)
    /// LCP only, as are the codes after it.
    public static let protocolReject = PPPControlCode(rawValue: 8)
    public static let echoRequest = PPPControlCode(rawValue: 9)
    public static let echoReply = PPPControlCode(rawValue: 10)
    public static let discardRequest = PPPControlCode(rawValue: 11)
    public static let identification = PPPControlCode(rawValue: 12)
    public static let timeRemaining = PPPControlCode(rawValue: 13)

    static let names = ["Configure-Request", "Configure-Ack", "Configure-Nak", "Configure-Reject", "Terminate-Request",
                        "Terminate-Ack", "Code-Reject", "Protocol-Reject", "Echo-Request", "Echo-Reply", "Discard-Request",
                        "Identification", "Time-Remaining"]

    public var description: String {
        (1...Self.names.count).contains(Int(rawValue)) ? Self.names[Int(rawValue) - 1] : "code \(rawValue)"
    }
}
