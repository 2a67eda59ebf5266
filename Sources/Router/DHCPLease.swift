import Wire

/// One row of the DHCP server's address table, as `show status dhcp` lists it.
public struct DHCPLease: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        /// Held for the client between DHCPOFFER and its DHCPREQUEST.
        case offered
        case bound
        /// The client found the address in use (DHCPDECLINE); nobody gets it until `expiry`.
        case declined
        /// Released or expired, and free for anyone; kept so the same client gets the same address back.
        case free
    }

    public var address: IPv4Address
    public var mac: MACAddress
    public var clientIdentifier: [UInt8]?
    public var hostName: String?
    public var scopeID: Int
    public var state: State
    /// When an offer or binding lapses or a declined address is usable again; for `.free`, when it was freed.
    public var expiry: Duration

    public init(
        address: IPv4Address, mac: MACAddress, clientIdentifier: [UInt8]? = nil, hostName: String? = nil,
        scopeID: Int, state: State, expiry: Duration
    ) {
        self.address = address
        self.mac = mac
        self.clientIdentifier = clientIdentifier
        self.hostName = hostName
        self.scopeID = scopeID
        self.state = state
        self.expiry = expiry
    }
}
