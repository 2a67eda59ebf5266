/// An interface as RTX commands name it: `lan1`, `bridge1`, `tunnel3`, `pp1`.
public enum InterfaceName: Hashable, Comparable, Sendable, CustomStringConvertible {
    case lan1, lan2, lan3, bridge1
    case tunnel(Int)
    /// A PPP interface (`pp select N`); its PPPoE and PPP settings are in `Config.pps`.
    case pp(Int)

    /// RTX830 tunnel numbers: 20 by default, 100 with the extension licence.
    public static let tunnelNumbers = 1...100
    /// The LAN ports (`show status lanN`).
    public static let ports: Set<InterfaceName> = [.lan1, .lan2, .lan3]
    /// RTX830 PP numbers (peer numbers): 1..150.
    public static let ppNumbers = 1...150
    /// `pp select anonymous` (the PP remote-access clients share), held as PP 0.
    public static let anonymousPP = 0

    /// A PP as `pp select`, `pp enable` and schedules name it: its number, or `anonymous`.
    public static func ppText(_ number: Int) -> String { number == anonymousPP ? "anonymous" : "\(number)" }

    /// `N` or `anonymous`.
    static func ppNumber(_ text: String) throws(ConfigError) -> Int {
        text == "anonymous" ? anonymousPP : try Invocation.number(text, in: ppNumbers)
    }

    public init?(_ text: String) {
        switch text {
        case "lan1": self = .lan1
        case "lan2": self = .lan2
        case "lan3": self = .lan3
        case "bridge1": self = .bridge1
        default:
            if text.hasPrefix("pp") {
                guard let number = Int(text.dropFirst(2)), !text.dropFirst(2).hasPrefix("0"),
                      text.dropFirst(2).allSatisfy(\.isNumber), InterfaceName.ppNumbers.contains(number) else { return nil }
                self = .pp(number)
                return
            }
            guard text.hasPrefix("tunnel"), let number = Int(text.dropFirst(6)),
                  !text.dropFirst(6).hasPrefix("0"), InterfaceName.tunnelNumbers.contains(number) else { return nil }
            self = .tunnel(number)
        }
    }

    public var description: String {
        switch self {
        case .lan1: "lan1"
        case .lan2: "lan2"
        case .lan3: "lan3"
        case .bridge1: "bridge1"
        case .tunnel(let number): "tunnel\(number)"
        case .pp(let number): "pp\(number)"
        }
    }

    public var ppNumber: Int? {
        if case .pp(let number) = self { number } else { nil }
    }

    public var tunnelNumber: Int? {
        if case .tunnel(let number) = self { number } else { nil }
    }
}
