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
    let set: Action
    let remove: Action
    /// Checks the rest of a `no` line when its grammar is not that of `set` (`no ip filter N [ACTION]`).
    let checkNo: Action?

    init(_ words: String, key: Int = 0, inTunnel: Bool = false, set: @escaping Action, remove: @escaping Action,
         checkNo: Action? = nil) {
        self.words = words.split(separator: " ").map(String.init)
        self.key = key
        self.inTunnel = inTunnel
        self.set = set
        self.remove = remove
        self.checkNo = checkNo
    }

    static let all: [Command] = ip + tunnel + nat + ipsec + dhcp + filter + dns

    /// First words of configuration lines; any other line is not for Config.
    static let firstWords: Set<String> = Set(all.compactMap(\.words.first)).union(["no"])

    /// The command whose words are the longest match for the start of `tokens`.
    static func find(_ tokens: ArraySlice<String>) -> Command? {
        all.filter { $0.matches(tokens) }.max { $0.words.count < $1.words.count }
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
            } else {
                guard let name = InterfaceName(token) else { throw ConfigError(.invalidParameter) }
                interface = name
            }
        }
        if inTunnel, context.tunnel == nil { throw ConfigError(.tunnelNotSelected) }
        return Invocation(interface: interface, parameters: Array(tokens.dropFirst(words.count)), tunnel: context.tunnel)
    }
}
