import Wire

/// IPCP as a PPPoE client negotiates it (RFC 1332, RFC 1877): our address asked for as 0.0.0.0 and taken from
/// the AC's Nak (`ppp ipcp ipaddress on`), DNS servers likewise (`ppp ipcp msext on`); the AC's own address
/// accepted; compression and anything else refused.
public struct IPCPClientPolicy: PPPOptionPolicy {
    public let protocolNumber = PPPProtocol.ipcp
    public let magicNumber: UInt32 = 0
    let requestAddress: Bool
    let requestDNS: Bool

    public private(set) var address: IPv4Address?
    public private(set) var primaryDNS: IPv4Address?
    public private(set) var secondaryDNS: IPv4Address?
    public private(set) var peerAddress: IPv4Address?
    /// Names of the options in force, for `show status pp` ("IP-Address").
    public private(set) var localOptions: [String] = []
    public private(set) var remoteOptions: [String] = []

    public init(requestAddress: Bool, requestDNS: Bool) {
        self.requestAddress = requestAddress
        self.requestDNS = requestDNS
        reset()
    }

    /// The DNS servers agreed, primary first.
    public var dns: [IPv4Address] { [primaryDNS, secondaryDNS].compactMap { $0 }.filter { $0 != .any } }

    public func requestedOptions() -> [PPPOption] {
        var options: [PPPOption] = []
        if let address { options.append(.address(IPCPOption.ipAddress, address)) }
        if let primaryDNS { options.append(.address(IPCPOption.primaryDNS, primaryDNS)) }
        if let secondaryDNS { options.append(.address(IPCPOption.secondaryDNS, secondaryDNS)) }
        return options
    }

    public func judge(_ options: [PPPOption]) -> PPPJudgement {
        var judgement = PPPJudgement()
        for option in options {
            // The AC's own address is taken as given; it has no business asking us for one (0.0.0.0).
            if option.type == IPCPOption.ipAddress, let value = option.address, value != .any { continue }
            judgement.rejected.append(option)
        }
        return judgement
    }

    public mutating func peerAccepted(_ options: [PPPOption]) {
        peerAddress = options.first { $0.type == IPCPOption.ipAddress }?.address
        remoteOptions = peerAddress != nil ? ["IP-Address"] : []
    }

    public mutating func acknowledged(_ options: [PPPOption]) {
        // As `show status pp` names them: the DNS servers with their addresses.
        localOptions = options.compactMap { option in
            switch option.type {
            case IPCPOption.ipAddress: "IP-Address"
            case IPCPOption.primaryDNS: option.address.map { "Primary-DNS(\($0))" }
            case IPCPOption.secondaryDNS: option.address.map { "Secondary-DNS(\($0))" }
            default: nil
            }
        }
    }

    public mutating func nakked(_ options: [PPPOption]) {
        for option in options {
            guard let value = option.address else { continue }
            // Only what we asked for: with `ipaddress off` an address the AC suggests is not taken.
            switch option.type {
            case IPCPOption.ipAddress where address != nil: address = value
            case IPCPOption.primaryDNS where primaryDNS != nil: primaryDNS = value
            case IPCPOption.secondaryDNS where secondaryDNS != nil: secondaryDNS = value
            default: break
            }
        }
    }

    public mutating func rejected(_ options: [PPPOption]) {
        for option in options {
            switch option.type {
            case IPCPOption.ipAddress: address = nil
            case IPCPOption.primaryDNS: primaryDNS = nil
            case IPCPOption.secondaryDNS: secondaryDNS = nil
            default: break
            }
        }
    }

    public mutating func reset() {
        address = requestAddress ? .any : nil
        primaryDNS = requestDNS ? .any : nil
        secondaryDNS = requestDNS ? .any : nil
        peerAddress = nil
        localOptions = []
        remoteOptions = []
    }
}
