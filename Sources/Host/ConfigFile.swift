import Config
import Foundation

/// The config file `softrtx run` starts from; `save` writes the startup config back to it.
public struct ConfigFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Reads and parses the file. A file with any error is refused as a whole, as `softrtx check` would.
    public func load(model: String = "RTX830") throws -> Config {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw HostError.console("cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try Config.parse(file: data, model: model)
        } catch {
            throw HostError.console(error.errors.map { "\(path):\($0)" }.joined(separator: "\n"))
        }
    }

    /// Replaces the file atomically, so a crash mid-write never leaves half a config.
    func write(_ config: Config) throws {
        try config.text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
