/// `ip INTERFACE tcp mss limit MSS|auto|off`: the largest MSS a TCP SYN crossing the interface may
/// announce (536..1460), or one worked out from the interface's MTU (for a tunnel, what fits inside
/// its encapsulation). RTX default: off.
public enum TCPMSSLimit: Equatable, Sendable, CustomStringConvertible {
    case off
    case auto
    case value(Int)

    public static let values = 536...1460

    public var description: String {
        switch self {
        case .off: "off"
        case .auto: "auto"
        case .value(let mss): "\(mss)"
        }
    }
}
