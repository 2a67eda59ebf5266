import Wire

/// `ip INTERFACE tcp mss limit MSS|auto|off`: the largest MSS a TCP SYN crossing the interface may
/// announce (536..1460), or one worked out from the interface's MTU (for a tunnel, what fits inside
/// its encapsulation). RTX default: off.
public enum TCPMSSLimit: Equatable, Sendable, CustomStringConvertible {
    case off
    case auto
    case value(Int)

    public static let values = 536...1460

    /// The MSS a SYN may announce through an interface whose IPv4 packets may be `mtu` bytes: `auto`
    /// leaves room for the IPv4 and TCP headers. Nil when off.
    public func mss(mtu: Int) -> Int? {
        switch self {
        case .off: nil
        case .auto: mtu - IPv4Header.minimumLength - TCPHeader.minimumLength
        case .value(let mss): mss
        }
    }

    public var description: String {
        switch self {
        case .off: "off"
        case .auto: "auto"
        case .value(let mss): "\(mss)"
        }
    }
}
