/// `dhcp service server|relay`.
public enum DHCPService: String, Sendable, CaseIterable {
    case server, relay
}
