/// A configuration line the router refuses, with the message an RTX console prints.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case invalidCommandName
        case parameterCount
        case invalidParameter
        case tunnelNotSelected
        case ppNotSelected
        /// A config file's first byte that is not UTF-8, by its offset in the file.
        case invalidUTF8(byteOffset: Int)
        case nulCharacter
        /// Not an error: a line SoftRTX keeps and shows but does not act on yet.
        case acceptedNoEffect

        public var message: String {
            switch self {
            case .invalidCommandName: "Error: Invalid command name"
            case .parameterCount: "Error: Insufficient or too many parameters"
            case .invalidParameter: "Error: Invalid parameter"
            case .tunnelNotSelected: "Error: Select a tunnel first (tunnel select N)"
            case .ppNotSelected: "Error: Select a PP first (pp select N)"
            case let .invalidUTF8(offset): "Error: Invalid UTF-8 at byte offset \(offset)"
            case .nulCharacter: "Error: Invalid character (NUL)"
            case .acceptedNoEffect: "Warning: accepted, no effect in SoftRTX"
            }
        }
    }

    /// 1-based line number in the file; a console line counts as line 1.
    public var line: Int
    public var text: String
    public var reason: Reason

    public init(_ reason: Reason, line: Int = 1, text: String = "") {
        self.reason = reason
        self.line = line
        self.text = text
    }

    public var message: String { reason.message }
    public var description: String { "line \(line): \(text): \(message)" }
}

/// Every error of a configuration file; a file with any error is applied not at all.
public struct ConfigErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
