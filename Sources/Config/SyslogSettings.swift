import Wire

/// The `syslog ...` lines: where the router sends its log (UDP 514, RFC 3164 `<PRI>` then the message,
/// as an RTX's default `yamaha` format sends it) and which levels it keeps and sends.
public struct SyslogSettings: Equatable, Sendable {
    /// `syslog host HOST...`: up to 4, addresses or names (a name is kept, not resolved: SoftRTX has no
    /// resolver, so only addresses receive the log).
    public var hosts: [String]?
    /// `syslog facility user|local0..local7|0..23`, held as its number.
    public var facility: Int?
    /// `syslog notice on|off` (packets the filters log; default off).
    public var notice: Bool?
    /// `syslog info on|off` (the router's doings; default on; off still keeps them in `show log` but sends none).
    public var info: Bool?
    /// `syslog debug on|off` (default off).
    public var debug: Bool?
    /// `syslog local address ADDR`: the source address (default: the outgoing interface's).
    public var localAddress: IPv4Address?
    /// `syslog srcport PORT` (default 514).
    public var sourcePort: Int?

    public init() {}

    public static let maximumHosts = 4

    public var isEmpty: Bool { self == SyslogSettings() }

    public var effectiveFacility: Int { facility ?? 1 }
    public var effectiveNotice: Bool { notice ?? false }
    public var effectiveInfo: Bool { info ?? true }
    public var effectiveDebug: Bool { debug ?? false }
    public var effectiveSourcePort: UInt16 { UInt16(sourcePort ?? 514) }
    /// The hosts that are IPv4 addresses: those the log goes to.
    public var addresses: [IPv4Address] { (hosts ?? []).compactMap { IPv4Address($0) } }

    /// `user` for 1, `localN` for 16..23, else the number, as `show config` prints it.
    public static func facilityName(_ number: Int) -> String {
        if number == 1 { return "user" }
        if (16...23).contains(number) { return "local\(number - 16)" }
        return "\(number)"
    }

    static func facilityNumber(_ text: String) -> Int? {
        if text == "user" { return 1 }
        if text.hasPrefix("local"), let n = try? Invocation.number(text.dropFirst(5), in: 0...7), text.count == 6 { return 16 + n }
        return try? Invocation.number(text, in: 0...23)
    }
}
