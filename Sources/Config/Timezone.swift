/// `timezone jst|utc|+hh:mm`: the offset from UTC of the router's clock (log lines, `show config`'s
/// Reporting Date). RTX default: jst (+09:00). Offsets run from -12:00 to +11:59.
public enum Timezone: Hashable, Sendable, CustomStringConvertible {
    case jst
    case utc
    /// Minutes east of UTC.
    case offset(Int)

    public static let minutes = -720...719

    public init?(_ text: String) {
        switch text {
        case "jst": self = .jst
        case "utc": self = .utc
        default:
            var rest = Substring(text)
            var sign = 1
            if rest.first == "+" || rest.first == "-" {
                sign = rest.first == "-" ? -1 : 1
                rest = rest.dropFirst()
            }
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
                  let hours = try? Invocation.number(parts[0], in: 0...12),
                  let minutes = try? Invocation.number(parts[1], in: 0...59) else { return nil }
            let total = sign * (hours * 60 + minutes)
            guard Timezone.minutes.contains(total) else { return nil }
            self = .offset(total)
        }
    }

    /// Seconds east of UTC.
    public var seconds: Int {
        switch self {
        case .jst: 9 * 3600
        case .utc: 0
        case .offset(let minutes): minutes * 60
        }
    }

    public var description: String {
        switch self {
        case .jst: return "jst"
        case .utc: return "utc"
        case .offset(let minutes):
            let magnitude = abs(minutes)
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return (minutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60)
        }
    }
}
