import Wire

/// `tunnel endpoint address [LOCAL] REMOTE`; without LOCAL the outgoing interface's address is used.
public struct TunnelEndpoint: Equatable, Sendable {
    public var local: IPv4Address?
    public var remote: IPv4Address

    public init(local: IPv4Address? = nil, remote: IPv4Address) {
        self.local = local
        self.remote = remote
    }
}
