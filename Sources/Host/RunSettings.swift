import Config

/// What `softrtx run` starts: one router, its links and its console socket.
public struct RunSettings: Sendable {
    public var name: String
    public var config: Config
    /// Where `save` writes the startup config; nil to keep it in memory only.
    public var configFile: ConfigFile?
    public var ports: [PortBinding]
    public var socketPath: String
    public var seed: UInt64
    /// `--keylog`: where the negotiated IKE and ESP keys are appended, as Wireshark key-table lines.
    public var keyLogPath: String?
    /// A console session that sends no line for this long is closed (an RTX's `login timer`, 300 s by default).
    public var consoleIdleTimeout: Duration

    public init(name: String, config: Config, configFile: ConfigFile?, ports: [PortBinding], socketPath: String, seed: UInt64,
                keyLogPath: String? = nil, consoleIdleTimeout: Duration = .seconds(300)) {
        self.name = name
        self.config = config
        self.configFile = configFile
        self.ports = ports
        self.socketPath = socketPath
        self.seed = seed
        self.keyLogPath = keyLogPath
        self.consoleIdleTimeout = consoleIdleTimeout
    }

    /// The console socket of a router named `name` when none is given.
    public static func defaultSocketPath(name: String) -> String { "/run/softrtx/\(name).sock" }
}
