/// A DHCP lease time as `expire HH:MM` or `infinity`.
public enum DHCPLeaseTime: Equatable, Sendable, CustomStringConvertible {
    case minutes(Int)
    case infinity

    public static let `default` = DHCPLeaseTime.minutes(72 * 60)

    public init?(_ text: String) {
        if text == "infinity" {
            self = .infinity
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), parts[1].count == 2,
              (0...21_845).contains(hours), (0...59).contains(minutes), hours + minutes > 0 else { return nil }
        self = .minutes(hours * 60 + minutes)
    }

    public var seconds: Int? {
        if case .minutes(let minutes) = self { minutes * 60 } else { nil }
    }

    public var description: String {
        switch self {
        case .minutes(let minutes): "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        case .infinity: "infinity"
        }
    }
}
