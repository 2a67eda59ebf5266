/// An IP protocol as NAT and IPsec commands name it.
public enum IPProtocolName: String, Sendable, CaseIterable {
    case tcp, udp, icmp, esp

    /// Whether the protocol has ports to name.
    public var hasPorts: Bool { self == .tcp || self == .udp }
}
