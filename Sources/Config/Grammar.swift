import Wire

/// A command's parameter grammar, written in a small notation so a table row states it in one string:
///
/// - `word`: that keyword; `a|b|c`: one of the alternatives (each a keyword or a value kind)
/// - `N` a decimal number, `N:1-65535` one in that range; `ON` `on` or `off`; `ADDR` an IPv4 address;
///   `PREFIX` `A.B.C.D/LEN`; `RANGE` `A-B` (addresses, A not above B); `HOSTS` addresses and ranges
///   joined by commas; `IF` an interface name (`lan1`, `bridge1`, `tunnel3`, `pp2`...); `TIME`
///   `hh:mm` or `hh:mm:ss` (`*` for any hour or minute); `TEXT` any one word; `REST` every word to the end of the line (one at least)
/// - `name=KIND,KIND`: a `name=value` option whose value is one of those kinds (alternatives with `,`)
/// - `[ ... ]`: optional; `...` after an element or a `]`: one or more of it
///
/// A line whose word count the grammar can never take is `Insufficient or too many parameters`; one
/// it could take but does not match is `Invalid parameter`.
struct Grammar: Sendable {
    indirect enum Element: Sendable {
        case one([Kind])
        case optional([Element])
        case repeated([Element])
    }

    enum Kind: Sendable, Equatable {
        case keyword(String)
        case number(ClosedRange<Int>)
        case onOff, address, prefix, range, hosts, interface, time, text, rest
        /// `name=VALUE`, VALUE one of the kinds.
        indirect case option(String, [Kind])
    }

    let elements: [Element]
    /// Fewest and most words a line can give (nil: no limit).
    let minimum: Int
    let maximum: Int?

    init(_ notation: String) {
        let spaced = notation.flatMap { $0 == "[" || $0 == "]" ? " \($0) " : String($0) }
        var tokens = String(spaced).split(separator: " ").map(String.init)[...]
        elements = Grammar.parseSequence(&tokens)
        precondition(tokens.isEmpty, "unbalanced ] in grammar \(notation)")
        (minimum, maximum) = Grammar.bounds(elements)
    }

    /// Checks `words` against the grammar, with the RTX error a bad line gets.
    func check(_ words: ArraySlice<String>) throws(ConfigError) {
        guard words.count >= minimum, maximum.map({ words.count <= $0 }) ?? true else { throw ConfigError(.parameterCount) }
        let ends = Grammar.advance(elements, from: [words.startIndex], in: words)
        guard ends.contains(words.endIndex) else { throw ConfigError(.invalidParameter) }
    }

    // MARK: Notation

    private static func parseSequence(_ tokens: inout ArraySlice<String>) -> [Element] {
        var sequence: [Element] = []
        while let token = tokens.first, token != "]" {
            tokens.removeFirst()
            if token == "..." {
                guard let last = sequence.popLast() else { preconditionFailure("... with nothing before it") }
                sequence.append(.repeated([last]))
                continue
            }
            if token == "[" {
                let inner = parseSequence(&tokens)
                precondition(tokens.first == "]", "unbalanced [ in grammar")
                tokens.removeFirst()
                if tokens.first == "..." {
                    tokens.removeFirst()
                    sequence.append(.optional([.repeated(inner)]))
                } else {
                    sequence.append(.optional(inner))
                }
                continue
            }
            let repeated = token.hasSuffix("...") && token != "..."
            let body = repeated ? String(token.dropLast(3)) : token
            let element = Element.one(kinds(body))
            sequence.append(repeated ? .repeated([element]) : element)
        }
        return sequence
    }

    private static func kinds(_ text: String) -> [Kind] {
        text.split(separator: "|").map { kind($0) }
    }

    private static func kind(_ part: Substring) -> Kind {
        if let equals = part.firstIndex(of: "="), equals != part.startIndex {
            return .option(String(part[..<equals]), part[part.index(after: equals)...].split(separator: ",").map { kind($0) })
        }
        switch part {
        case "N": return .number(0...2_147_483_647)
        case "ON": return .onOff
        case "ADDR": return .address
        case "PREFIX": return .prefix
        case "RANGE": return .range
        case "HOSTS": return .hosts
        case "IF": return .interface
        case "TIME": return .time
        case "TEXT": return .text
        case "REST": return .rest
        default:
            if part.hasPrefix("N:") {
                let bounds = part.dropFirst(2).split(separator: "-")
                guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high else {
                    preconditionFailure("bad number range \(part)")
                }
                return .number(low...high)
            }
            precondition(part.allSatisfy { !$0.isUppercase }, "unknown value kind \(part)")
            return .keyword(String(part))
        }
    }

    private static func bounds(_ elements: [Element]) -> (Int, Int?) {
        var low = 0
        var high: Int? = 0
        for element in elements {
            let (l, h) = bounds(element)
            low += l
            high = high.flatMap { total in h.map { total + $0 } }
        }
        return (low, high)
    }

    private static func bounds(_ element: Element) -> (Int, Int?) {
        switch element {
        case .one(let kinds): kinds.contains(.rest) ? (1, nil) : (1, 1)
        case .optional(let inner): (0, bounds(inner).1)
        case .repeated(let inner): (bounds(inner).0, nil)
        }
    }

    // MARK: Matching

    /// Every position the sequence can end at, started from each of `starts`: a set of positions per
    /// step keeps repeated and optional parts from backtracking exponentially.
    private static func advance(_ elements: [Element], from starts: Set<Int>, in words: ArraySlice<String>) -> Set<Int> {
        var positions = starts
        for element in elements {
            positions = advance(element, from: positions, in: words)
            if positions.isEmpty { break }
        }
        return positions
    }

    private static func advance(_ element: Element, from starts: Set<Int>, in words: ArraySlice<String>) -> Set<Int> {
        switch element {
        case .one(let kinds):
            var ends: Set<Int> = []
            for start in starts where start < words.endIndex {
                if kinds.contains(.rest) { ends.insert(words.endIndex) }
                if kinds.contains(where: { $0 != .rest && matches(words[start], $0) }) { ends.insert(start + 1) }
            }
            return ends
        case .optional(let inner):
            return starts.union(advance(inner, from: starts, in: words))
        case .repeated(let inner):
            var reached = advance(inner, from: starts, in: words)
            var frontier = reached
            while !frontier.isEmpty {
                frontier = advance(inner, from: frontier, in: words).subtracting(reached)
                reached.formUnion(frontier)
            }
            return reached
        }
    }

    static func matches(_ word: String, _ kind: Kind) -> Bool {
        switch kind {
        case .keyword(let keyword): return word == keyword
        case .number(let range): return (try? Invocation.number(word, in: range)) != nil
        case .onOff: return word == "on" || word == "off"
        case .address: return IPv4Address(word) != nil
        case .prefix: return IPv4Prefix(word) != nil
        case .range: return (try? Invocation.range(word)) != nil
        case .hosts:
            return word.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { part in
                IPv4Address(part) != nil || (try? Invocation.range(part)) != nil
            }
        case .interface: return Grammar.isInterface(word)
        case .time:
            let parts = word.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3 else { return false }
            let limits = [23, 59, 59]
            // `*` stands for every hour or minute (`schedule at 1 */* *:00 ...`).
            return zip(parts, limits).allSatisfy { part, limit in
                part == "*" || (part.count == 2 && (try? Invocation.number(part, in: 0...limit)) != nil)
            }
        case .text: return !word.isEmpty
        case .rest: return true
        case .option(let name, let kinds):
            guard word.hasPrefix(name + "=") else { return false }
            let value = String(word.dropFirst(name.count + 1))
            return kinds.contains { $0 != .rest && matches(value, $0) }
        }
    }

    /// Interface names an RTX830 line may give: its own ports and bridge, tunnels, PPs, loopbacks, VLANs.
    static func isInterface(_ word: String) -> Bool {
        if InterfaceName(word) != nil || word == "wan1" { return true }
        for (prefix, numbers) in [("pp", 1...150), ("loopback", 1...9), ("vlan", 1...4), ("null", 0...0)] {
            if word.hasPrefix(prefix), (try? Invocation.number(word.dropFirst(prefix.count), in: numbers)) != nil,
               !word.dropFirst(prefix.count).hasPrefix("0") || word == "null0" {
                return true
            }
        }
        return false
    }
}
