/// `l2tp keepalive use on [INTERVAL [COUNT]]` / `off`: HELLO every INTERVAL s, down after COUNT misses.
public struct L2TPKeepalive: Equatable, Sendable {
    public var enabled: Bool
    public var interval: Int?
    public var count: Int?

    public init(enabled: Bool, interval: Int? = nil, count: Int? = nil) {
        self.enabled = enabled
        self.interval = interval
        self.count = count
    }

    public static let intervals = 1...600
    public static let counts = 1...50
}
