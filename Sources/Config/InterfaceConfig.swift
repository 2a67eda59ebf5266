import Wire

/// The `ip IF ...` settings of one interface; nil means "not set, RTX default".
public struct InterfaceConfig: Equatable, Sendable {
    public var address: IPv4Prefix?
    public var proxyARP: Bool?
    public var mtu: Int?
    public var natDescriptor: Int?
    public var tcpMSSLimit: TCPMSSLimit?
    /// `ip IF secure filter in|out ...`.
    public var secureFilters: [FilterDirection: SecureFilterList] = [:]
    /// `ip IF intrusion detection ...`.
    public var intrusionDetection = IntrusionDetection()
    /// `description IF TEXT`.
    public var descriptionText: String?

    public init(address: IPv4Prefix? = nil, proxyARP: Bool? = nil, mtu: Int? = nil, natDescriptor: Int? = nil,
                tcpMSSLimit: TCPMSSLimit? = nil) {
        self.address = address
        self.proxyARP = proxyARP
        self.mtu = mtu
        self.natDescriptor = natDescriptor
        self.tcpMSSLimit = tcpMSSLimit
    }

    public var isEmpty: Bool { self == InterfaceConfig() }

    public var effectiveProxyARP: Bool { proxyARP ?? false }
    public var effectiveMTU: Int { mtu ?? 1500 }
    public var effectiveTCPMSSLimit: TCPMSSLimit { tcpMSSLimit ?? .off }
}
