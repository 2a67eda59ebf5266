extension Command {
    /// A route acts when it goes to an address, a tunnel or a PP and carries no option.
    static let routeActs: @Sendable (Invocation) -> Bool = { call in
        call.count > 2 && call.count == (call[2] == "tunnel" || call[2] == "pp" ? 4 : 3)
    }

    /// The options after a route's gateway, checked: `hide`, `metric 1..15`, `weight 0..2147483647`,
    /// `keepalive 1..100` (an `ip keepalive` number), in any order.
    static func routeOptions(_ words: ArraySlice<String>) throws(ConfigError) -> [String] {
        var index = words.startIndex
        while index < words.endIndex {
            let range: ClosedRange<Int>
            switch words[index] {
            case "hide":
                index += 1
                continue
            case "metric": range = 1...15
            case "weight": range = 0...2_147_483_647
            case "keepalive": range = 1...100
            default: throw ConfigError(.invalidParameter)
            }
            guard index + 1 < words.endIndex else { throw ConfigError(.parameterCount) }
            _ = try Invocation.number(words[index + 1], in: range)
            index += 2
        }
        return Array(words)
    }
}

extension Invocation {
    /// A route's gateway at `index`: an address, `tunnel N` or `pp N`; with how many words it took.
    func routeGateway(_ index: Int) throws(ConfigError) -> (RouteGateway, Int) {
        switch parameters[index] {
        case "tunnel", "pp":
            guard index + 1 < count else { throw ConfigError(.parameterCount) }
            if parameters[index] == "tunnel" { return (.tunnel(try number(index + 1, in: InterfaceName.tunnelNumbers)), 2) }
            return (.pp(try number(index + 1, in: InterfaceName.ppNumbers)), 2)
        default:
            return (.address(try address(index)), 1)
        }
    }
}
