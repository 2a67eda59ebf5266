/// One configuration command: the words that name it, and what it and its `no` form do to a Config.
struct Command: Sendable {
    /// Checks every parameter before it changes the config, so a line that throws changes nothing
    /// (`Config.execute` relies on it); it does not read the config to check them (`no` relies on it).
    typealias Action = @Sendable (inout Config, Invocation) throws(ConfigError) -> Void

    /// Literal words; `IF` stands for an interface name (`lan1`, `tunnel2`, or `tunnel` for the selected one).
    let words: [String]
    /// How many leading parameters name the setting `no` removes; `no` may give the rest, which is checked.
    let key: Int
    /// Whether the command needs `tunnel select N` first.
    let inTunnel: Bool
    /// Whether the command needs `pp select N` first.
    let inPP: Bool
    /// Whether SoftRTX acts on this line; one it only keeps gets `Warning: accepted, no effect in SoftRTX`.
    let acts: @Sendable (Invocation) -> Bool
    let set: Action
    let remove: Action
    /// Checks the rest of a `no` line when its grammar is not that of `set` (`no ip filter N [ACTION]`).
    let checkNo: Action?

    init(_ words: String, key: Int = 0, inTunnel: Bool = false, inPP: Bool = false,
         acts: @escaping @Sendable (Invocation) -> Bool = { _ in true }, set: @escaping Action, remove: @escaping Action,
         checkNo: Action? = nil) {
        self.words = words.split(separator: " ").map(String.init)
        self.key = key
        self.inTunnel = inTunnel
        self.inPP = inPP
        self.acts = acts
        self.set = set
        self.remove = remove
        self.checkNo = checkNo
    }

    /// For `ip IF` settings SoftRTX acts on for its own interfaces but not on a PP (`ip pp proxyarp`).
    static let actsOutsidePP: @Sendable (Invocation) -> Bool = { $0.interface?.ppNumber == nil }
    /// For `ip IF` settings SoftRTX acts on for every interface it runs, PPPoE PPs included, but not
    /// for `pp select anonymous` (remote access clients, which SoftRTX does not serve).
    static let actsUnlessAnonymousPP: @Sendable (Invocation) -> Bool = { $0.interface?.ppNumber != InterfaceName.anonymousPP }

    static let acting: [Command] = ip + tunnel + nat + ipsec + dhcp + system + filter + dns + pp
    static let all: [Command] = acting + accepted

    /// First words of configuration lines; any other line is not for Config.
    static let firstWords: Set<String> = Set(all.compactMap(\.words.first)).union(["no"])

    /// Commands by their first word, so finding one looks at a handful of rows, not the whole table.
    private static let byFirstWord: [String: [Command]] = Dictionary(grouping: all) { $0.words.first ?? "" }

    /// The command whose words are the longest match for the start of `tokens`.
    static func find(_ tokens: ArraySlice<String>) -> Command? {
        guard let first = tokens.first, let candidates = byFirstWord[first] else { return nil }
        return candidates.filter { $0.matches(tokens) }.max { $0.words.count < $1.words.count }
    }

    private func matches(_ tokens: ArraySlice<String>) -> Bool {
        guard tokens.count >= words.count else { return false }
        return zip(words, tokens).allSatisfy { word, token in
            word == "IF" ? Command.looksLikeInterface(token) : word == token
        }
    }

    /// Interface-like words select the `ip IF` commands; whether the interface exists is checked later.
    private static func looksLikeInterface(_ token: String) -> Bool {
        ["lan", "bridge", "tunnel", "pp", "wan", "loopback"].contains { token.hasPrefix($0) }
    }

    /// Parameters and interface of `tokens`, which this command matched.
    func invocation(_ tokens: ArraySlice<String>, context: ConsoleContext) throws(ConfigError) -> Invocation {
        var interface: InterfaceName?
        if let slot = words.firstIndex(of: "IF") {
            let token = tokens[tokens.startIndex + slot]
            if token == "tunnel" {
                guard let tunnel = context.tunnel else { throw ConfigError(.tunnelNotSelected) }
                interface = .tunnel(tunnel)
            } else if token == "pp" {
                guard let pp = context.pp else { throw ConfigError(.ppNotSelected) }
                interface = .pp(pp)
            } else {
                // A PP is named only as `pp`, the one `pp select` chose.
                guard let name = InterfaceName(token), name.ppNumber == nil else { throw ConfigError(.invalidParameter) }
                interface = name
            }
        }
        if inTunnel, context.tunnel == nil { throw ConfigError(.tunnelNotSelected) }
        if inPP, context.pp == nil { throw ConfigError(.ppNotSelected) }
        return Invocation(interface: interface, parameters: Array(tokens.dropFirst(words.count)), tunnel: context.tunnel, pp: context.pp)
    }
}
