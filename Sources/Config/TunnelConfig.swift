import Wire

/// Everything set inside `tunnel select N`, plus `tunnel enable N`; nil means the RTX default.
public struct TunnelConfig: Equatable, Sendable {
    public var encapsulation: TunnelEncapsulation?
    public var endpoint: TunnelEndpoint?
    /// `tunnel endpoint name`: used when `endpoint` (`tunnel endpoint address`) is not set.
    public var endpointName: TunnelEndpointName?
    /// `ipsec tunnel POLICY`: the `ipsec sa policy` protecting this tunnel.
    public var ipsecPolicy: Int?
    public var l2tpAlwaysOn: Bool?
    public var l2tpHostname: String?
    public var l2tpAuth: L2TPTunnelAuth?
    public var l2tpDisconnectTime: L2TPDisconnectTime?
    public var l2tpKeepalive: L2TPKeepalive?
    public var l2tpKeepaliveLog: Bool?
    public var l2tpSyslog: Bool?
    public var l2tpLocalRouterID: IPv4Address?
    public var l2tpRemoteRouterID: IPv4Address?
    public var l2tpRemoteEndID: String?
    public var enabled = false

    public init() {}

    public var isEmpty: Bool { self == TunnelConfig() }

    public var effectiveL2TPAlwaysOn: Bool { l2tpAlwaysOn ?? false }
    /// The Host Name AVP; an RTX sends its model name unless `l2tp hostname` is set.
    public func effectiveL2TPHostname(model: String) -> String { l2tpHostname ?? model }
    /// The control message authentication secret, nil when `l2tp tunnel auth` is off (the default).
    /// Without a password an RTX uses its model name.
    public func effectiveL2TPAuthSecret(model: String) -> String? {
        guard case .on(let password) = l2tpAuth else { return nil }
        return password ?? model
    }
    /// Idle seconds before the tunnel is disconnected, nil for never.
    public var effectiveL2TPDisconnectTime: Int? {
        switch l2tpDisconnectTime ?? .seconds(60) {
        case .seconds(let seconds): seconds
        case .off: nil
        }
    }
    public var effectiveL2TPKeepaliveEnabled: Bool { l2tpKeepalive?.enabled ?? true }
    public var effectiveL2TPKeepaliveInterval: Int { l2tpKeepalive?.interval ?? 10 }
    public var effectiveL2TPKeepaliveCount: Int { l2tpKeepalive?.count ?? 6 }
    public var effectiveL2TPKeepaliveLog: Bool { l2tpKeepaliveLog ?? false }
    public var effectiveL2TPSyslog: Bool { l2tpSyslog ?? false }
    public var effectiveL2TPLocalRouterID: IPv4Address { l2tpLocalRouterID ?? .any }
    public var effectiveL2TPRemoteRouterID: IPv4Address { l2tpRemoteRouterID ?? .any }
}
