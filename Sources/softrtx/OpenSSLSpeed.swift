import ArgumentParser
import Foundation

/// `openssl speed`, the reference the benchmarks measure against in the same run.
enum OpenSSLSpeed {
    /// The `openssl` on PATH, or nil (the benchmark then says so and skips the comparison).
    static var executable: String? {
        ProcessInfo.processInfo.environment["PATH"].flatMap { path in
            path.split(separator: ":").map { "\($0)/openssl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    }

    /// The first machine-readable (`-mr`) result line starting with `prefix`, split at its colons.
    static func result(_ openssl: String, _ arguments: [String], prefix: String) throws -> [Substring] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["speed", "-mr"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else {
            throw ValidationError("openssl speed \(arguments.joined(separator: " ")) printed no result:\n\(text)")
        }
        return line.split(separator: ":")
    }
}
