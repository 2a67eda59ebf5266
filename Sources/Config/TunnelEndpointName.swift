/// `tunnel endpoint name [LOCAL] REMOTE [fqdn]`: the tunnel's ends as host names, the remote one
/// resolved by DNS. An RTX keeps it beside `tunnel endpoint address`, which wins when both are set.
public struct TunnelEndpointName: Equatable, Sendable {
    public var local: String?
    public var remote: String
    /// Whether the line gave the name type `fqdn` (the default and, without the data connect
    /// function of an RTX830, the only type), so `show config` prints it back.
    public var fqdnKeyword: Bool

    public init(local: String? = nil, remote: String, fqdnKeyword: Bool = false) {
        self.local = local
        self.remote = remote
        self.fqdnKeyword = fqdnKeyword
    }
}
