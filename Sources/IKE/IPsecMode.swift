/// What an ESP SA negotiated by Quick Mode protects: the router's own packets' payload (`ipsec transport`) or
/// whole packets between gateways (`ipsec tunnel` alone).
public enum IPsecMode: Equatable, Sendable {
    case transport
    case tunnel
}
