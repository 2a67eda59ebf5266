import Foundation

/// A fresh folder under /tmp, short enough for a UNIX socket path, removed by `remove()`.
struct TestDirectory {
    let path: String

    init() throws {
        path = "/tmp/softrtx-test-\(UInt32.random(in: .min ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
