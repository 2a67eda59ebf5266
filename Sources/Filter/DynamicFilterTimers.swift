/// `ip filter dynamic timer` (8.1.15): how long a dynamic filter's connection lives without traffic.
public struct DynamicFilterTimers: Equatable, Sendable {
    /// A TCP connection whose SYN got no answer.
    public var tcpSYN: Duration = .seconds(30)
    /// After a FIN or RST.
    public var tcpFIN: Duration = .seconds(5)
    public var tcpIdle: Duration = .seconds(3600)
    public var udpIdle: Duration = .seconds(30)
    /// A DNS query waiting for its answer.
    public var dns: Duration = .seconds(5)

    public init() {}

    public init(tcpSYN: Duration, tcpFIN: Duration, tcpIdle: Duration, udpIdle: Duration, dns: Duration) {
        (self.tcpSYN, self.tcpFIN, self.tcpIdle, self.udpIdle, self.dns) = (tcpSYN, tcpFIN, tcpIdle, udpIdle, dns)
    }
}
