import Wire

/// `nat descriptor masquerade static N ID INNER PROTO [OUTERPORT=]INNERPORT`: a fixed inbound mapping.
public struct MasqueradeStatic: Equatable, Sendable {
    public var innerAddress: IPv4Address
    public var proto: IPProtocolName
    /// Both nil for protocols without ports (esp, icmp).
    public var outerPort: UInt16?
    public var innerPort: UInt16?

    public init(innerAddress: IPv4Address, proto: IPProtocolName, outerPort: UInt16? = nil, innerPort: UInt16? = nil) {
        self.innerAddress = innerAddress
        self.proto = proto
        self.outerPort = outerPort
        self.innerPort = innerPort
    }
}
