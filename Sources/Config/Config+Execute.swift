extension Config {
    /// Applies one configuration line as the console does, `no` forms and `tunnel select` included.
    /// Returns false, changing nothing, when the line is not a configuration command (`show`, `ping`...).
    /// On a bad line it throws with the RTX message, and neither self nor context changes.
    public mutating func execute(_ line: String, context: inout ConsoleContext) throws(ConfigError) -> Bool {
        if line.contains("\0") {
            throw ConfigError(.nulCharacter, text: String(line.trimmingWhitespace.flatMap { $0 == "\0" ? "\\0" : String($0) }))
        }
        let tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = tokens.first, Command.firstWords.contains(first) else { return false }
        // Applied in place: every command throws before it changes anything (see `Command.Action`),
        // and a copy to fall back on would copy the whole route table for each `ip route` line.
        do throws(ConfigError) {
            try apply(tokens[...], context: &context)
        } catch {
            var located = error
            located.text = line.trimmingWhitespace
            throw located
        }
        return true
    }

    /// Parses a whole configuration file, collecting the errors of all its lines; any error and
    /// nothing is applied. Lines end in LF or CRLF. Blank lines and lines starting with `#` or `!`
    /// are comments.
    public static func parse(_ text: String, model: String = "RTX830") throws(ConfigErrors) -> Config {
        var config = Config(model: model)
        var context = ConsoleContext()
        var errors: [ConfigError] = []
        // "\r\n" is one Character, so CRLF lines are split on it as well as on "\n".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let line = String(rawLine).trimmingWhitespace
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            do throws(ConfigError) {
                if try !config.execute(line, context: &context) {
                    throw ConfigError(.invalidCommandName, text: line)
                }
            } catch {
                var located = error
                located.line = index + 1
                errors.append(located)
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return config
    }

    private mutating func apply(_ tokens: ArraySlice<String>, context: inout ConsoleContext) throws(ConfigError) {
        if tokens.starts(with: ["tunnel", "select"]) {
            guard tokens.count == 3 else { throw ConfigError(.parameterCount) }
            let target = tokens[tokens.startIndex + 2]
            context.tunnel = target == "none" ? nil : try Invocation.number(target, in: InterfaceName.tunnelNumbers)
            return
        }
        let negated = tokens.first == "no"
        let words = negated ? tokens.dropFirst() : tokens
        guard let command = Command.find(words) else { throw ConfigError(.invalidCommandName) }
        let call = try command.invocation(words, context: context)
        guard negated else { return try command.set(&self, call) }
        guard call.count >= command.key else { throw ConfigError(.parameterCount) }
        if call.count > command.key {
            // The rest of a `no` line need not match the setting, but it must be well formed. No
            // command reads the config to check its parameters, so an empty one will do.
            var scratch = Config(model: model)
            try (command.checkNo ?? command.set)(&scratch, call)
        }
        try command.remove(&self, call)
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
