import Wire

/// What one `tunnel select N` block configures for its L2TPv3 tunnel, with RTX defaults applied.
public struct L2TPTunnelSettings: Equatable, Sendable {
    public var localAddress: IPv4Address
    public var remoteAddress: IPv4Address
    /// Host Name AVP: `l2tp hostname`, else the model name.
    public var hostName: String
    public var vendorName = "YAMAHA Corporation"
    /// `l2tp local router-id`: our Router ID AVP.
    public var localRouterID: IPv4Address = .any
    /// `l2tp remote router-id`: the Router ID the peer must send (0.0.0.0: any).
    public var remoteRouterID: IPv4Address = .any
    /// `l2tp remote end-id`: binds the session to this tunnel; the same string on both ends.
    public var remoteEndID: String?
    /// `l2tp tunnel auth on [PASSWORD]`: the control message authentication secret (nil: off).
    public var secret: [UInt8]?
    public var keepaliveEnabled = true
    public var keepaliveInterval: Duration = .seconds(10)
    public var keepaliveCount = 6
    public var alwaysOn = false
    /// `l2tp tunnel disconnect time`: idle time on data after which the tunnel closes (nil: off).
    public var disconnectTime: Duration? = .seconds(60)
    /// `l2tp syslog on` / `l2tp keepalive log on`: which events become log lines.
    public var syslog = false
    public var keepaliveLog = false

    public init(localAddress: IPv4Address, remoteAddress: IPv4Address, hostName: String) {
        self.localAddress = localAddress
        self.remoteAddress = remoteAddress
        self.hostName = hostName
    }
}
