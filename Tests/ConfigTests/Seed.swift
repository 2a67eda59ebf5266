import Foundation

/// The seed configurations copied into the repository under Examples/seed.
enum Seed {
    static func text(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Examples/seed/\(name)"), encoding: .utf8)
    }

    /// The lines `show config` must print: everything but comments and blank lines.
    static func configLines(_ name: String) throws -> [String] {
        try text(name).split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
