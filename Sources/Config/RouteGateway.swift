import Wire

/// Where `ip route NETWORK gateway ...` sends traffic.
public enum RouteGateway: Hashable, Sendable, CustomStringConvertible {
    case address(IPv4Address)
    case tunnel(Int)
    /// `gateway pp N`: through PP N while its PPPoE session is up.
    case pp(Int)

    public var description: String {
        switch self {
        case .address(let address): "\(address)"
        case .tunnel(let number): "tunnel \(number)"
        case .pp(let number): "pp \(number)"
        }
    }
}
