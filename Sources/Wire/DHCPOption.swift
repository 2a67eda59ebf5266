/// One DHCP option (RFC 2132): a code and its data. Pad (0) and End (255) are never stored.
public struct DHCPOption: Hashable, Sendable {
    public var code: UInt8
    public var data: [UInt8]

    public init(code: UInt8, data: [UInt8]) {
        self.code = code
        self.data = data
    }

    public static let pad: UInt8 = 0
    public static let subnetMask: UInt8 = 1
    public static let router: UInt8 = 3
    public static let dnsServers: UInt8 = 6
    public static let hostName: UInt8 = 12
    public static let domainName: UInt8 = 15
    public static let requestedAddress: UInt8 = 50
    public static let leaseTime: UInt8 = 51
    public static let messageType: UInt8 = 53
    public static let serverIdentifier: UInt8 = 54
    public static let parameterRequestList: UInt8 = 55
    public static let renewalTime: UInt8 = 58
    public static let rebindingTime: UInt8 = 59
    public static let clientIdentifier: UInt8 = 61
    public static let end: UInt8 = 255
}

/// DHCP message type, option 53 (RFC 2132 9.6).
public enum DHCPMessageType: UInt8, Hashable, Sendable {
    case discover = 1, offer, request, decline, ack, nak, release, inform
}

/// Why a UDP payload is not a DHCP message; `reason` is the name a drop is counted under.
public enum DHCPParseError: Error, Hashable, Sendable {
    /// Shorter than the 236-byte BOOTP header plus the 4-byte magic cookie.
    case truncated
    case badCookie
    /// `op` is neither BOOTREQUEST (1) nor BOOTREPLY (2).
    case badOp(UInt8)
    /// An option's length runs past the end of the message.
    case badOption(code: UInt8)

    public var reason: String {
        switch self {
        case .truncated: "dhcp-truncated"
        case .badCookie: "dhcp-bad-cookie"
        case .badOp: "dhcp-bad-op"
        case .badOption: "dhcp-bad-option"
        }
    }
}
