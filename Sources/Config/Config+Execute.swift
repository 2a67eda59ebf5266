extension Config {
    /// Applies one configuration line as the console does, `no` forms and `tunnel select` included.
    /// Returns false, changing nothing, when the line is not a configuration command (`show`, `ping`...).
    /// On a bad line it throws with the RTX message, and neither self nor context changes.
    public mutating func execute(_ line: String, context: inout ConsoleContext) throws(ConfigError) -> Bool {
        try run(line, context: &context) != .notConfiguration
    }

    /// Applies one configuration line as `execute` does, telling a line SoftRTX acts on from one it
    /// only keeps (`accepted, no effect`).
    public mutating func run(_ line: String, context: inout ConsoleContext) throws(ConfigError) -> LineOutcome {
        if line.contains("\0") {
            throw ConfigError(.nulCharacter, text: String(line.trimmingWhitespace.flatMap { $0 == "\0" ? "\\0" : String($0) }))
        }
        let tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
        // `administrator` alone is the console's login as administrator, not `administrator password`.
        guard let first = tokens.first, Command.firstWords.contains(first), tokens != ["administrator"] else { return .notConfiguration }
        // Applied in place: every command throws before it changes anything (see `Command.Action`),
        // and a copy to fall back on would copy the whole route table for each `ip route` line.
        do throws(ConfigError) {
            return try apply(tokens[...], context: &context)
        } catch {
            var located = error
            located.text = line.trimmingWhitespace
            throw located
        }
    }

    /// Parses a whole configuration file, collecting the errors of all its lines; any error and
    /// nothing is applied. Lines end in LF or CRLF. Blank lines and lines starting with `#` or `!`
    /// are comments.
    public static func parse(_ text: String, model: String = "RTX830") throws(ConfigErrors) -> Config {
        let checked = check(text, model: model)
        guard let config = checked.config else { throw ConfigErrors(checked.errors) }
        return config
    }

    /// Parses a whole configuration file as `parse` does, and also names each line SoftRTX accepts
    /// but does not act on (as a `ConfigError` of reason `acceptedNoEffect`, which is no error).
    public static func check(_ text: String, model: String = "RTX830") -> ConfigCheck {
        var config = Config(model: model)
        var context = ConsoleContext()
        var errors: [ConfigError] = []
        var warnings: [ConfigError] = []
        // "\r\n" is one Character, so CRLF lines are split on it as well as on "\n".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let line = String(rawLine).trimmingWhitespace
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            do throws(ConfigError) {
                switch try config.run(line, context: &context) {
                case .notConfiguration: throw ConfigError(.invalidCommandName, text: line)
                case .acceptedNoEffect: warnings.append(ConfigError(.acceptedNoEffect, line: index + 1, text: line))
                case .applied: break
                }
            } catch {
                var located = error
                located.line = index + 1
                errors.append(located)
            }
        }
        return ConfigCheck(config: errors.isEmpty ? config : nil, errors: errors, warnings: warnings)
    }

    private mutating func apply(_ tokens: ArraySlice<String>, context: inout ConsoleContext) throws(ConfigError) -> LineOutcome {
        if tokens.starts(with: ["tunnel", "select"]) {
            guard tokens.count == 3 else { throw ConfigError(.parameterCount) }
            let target = tokens[tokens.startIndex + 2]
            context.tunnel = target == "none" ? nil : try Invocation.number(target, in: InterfaceName.tunnelNumbers)
            context.pp = nil
            return .applied
        }
        if tokens.starts(with: ["pp", "select"]) {
            guard tokens.count == 3 else { throw ConfigError(.parameterCount) }
            let target = tokens[tokens.startIndex + 2]
            context.pp = target == "none" ? nil : try InterfaceName.ppNumber(target)
            context.tunnel = nil
            return .applied
        }
        let negated = tokens.first == "no"
        let words = negated ? tokens.dropFirst() : tokens
        guard let command = Command.find(words) else { throw ConfigError(.invalidCommandName) }
        let call = try command.invocation(words, context: context)
        let outcome: LineOutcome = command.acts(call) ? .applied : .acceptedNoEffect
        guard negated else {
            try command.set(&self, call)
            removeShadowed(by: command, call)
            return outcome
        }
        guard call.count >= command.key else { throw ConfigError(.parameterCount) }
        if call.count > command.key {
            // The rest of a `no` line need not match the setting, but it must be well formed. No
            // command reads the config to check its parameters, so an empty one will do.
            var scratch = Config(model: model)
            try (command.checkNo ?? command.set)(&scratch, call)
        }
        try command.remove(&self, call)
        return outcome
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

/// What a configuration line did.
public enum LineOutcome: Equatable, Sendable {
    /// Not a configuration command (`show`, `ping`...): nothing changed.
    case notConfiguration
    case applied
    /// Kept in the config and shown by `show config`, but SoftRTX does nothing with it yet.
    case acceptedNoEffect
}

/// A config file checked line by line: the config when no line had an error, every error, and every
/// line accepted without effect.
public struct ConfigCheck: Sendable {
    public var config: Config?
    public var errors: [ConfigError]
    public var warnings: [ConfigError]
}
