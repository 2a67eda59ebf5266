/// `console lines N|infinity`: how many lines an interactive console shows before `---more---`
/// (10..100; `infinity` never stops). RTX default: 24.
public enum ConsoleLines: Hashable, Sendable, CustomStringConvertible {
    case count(Int)
    case infinity

    public static let counts = 10...100

    public var description: String {
        switch self {
        case .count(let n): "\(n)"
        case .infinity: "infinity"
        }
    }
}
