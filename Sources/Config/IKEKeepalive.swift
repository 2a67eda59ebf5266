import Wire

/// `ipsec ike keepalive use GW on|off|auto [heartbeat|dpd|icmp-echo A] [INTERVAL [COUNT]]`.
public struct IKEKeepalive: Equatable, Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case on, off
        /// Send keepalives only while the peer sends them.
        case auto
    }

    public enum Method: Equatable, Sendable, CustomStringConvertible {
        case heartbeat
        case dpd
        case icmpEcho(IPv4Address)

        public var description: String {
            switch self {
            case .heartbeat: "heartbeat"
            case .dpd: "dpd"
            case .icmpEcho(let address): "icmp-echo \(address)"
            }
        }
    }

    public static let intervals = 1...600
    public static let counts = 1...50

    public var mode: Mode
    public var method: Method?
    public var interval: Int?
    public var count: Int?

    public init(mode: Mode, method: Method? = nil, interval: Int? = nil, count: Int? = nil) {
        self.mode = mode
        self.method = method
        self.interval = interval
        self.count = count
    }
}
