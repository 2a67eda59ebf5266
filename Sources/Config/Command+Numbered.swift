extension Command {
    /// A `... N VALUE` command that sets one property of entry N of a numbered table (NAT descriptor
    /// N, IKE gateway N); its `no` form clears it.
    static func numbered<Entry: Sendable & ConfigEntry, T>(
        _ words: String, in table: WritableKeyPath<Config, [Int: Entry]> & Sendable, ids: ClosedRange<Int>, new: Entry,
        _ property: WritableKeyPath<Entry, T?> & Sendable,
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        Command(words, key: 1) { config, call throws(ConfigError) in
            try call.expect(1...Int.max)
            let id = try call.number(0, in: ids)
            config[keyPath: table][id, default: new][keyPath: property] = try parse(call.dropFirst(1))
        } remove: { config, call throws(ConfigError) in
            let id = try call.number(0, in: ids)
            config[keyPath: table][id]?[keyPath: property] = nil
            config[keyPath: table].removeIfEmpty(id)
        }
    }
}
