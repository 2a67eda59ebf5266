import Glibc
import Logging

/// Prints each message as one line on stderr, unadorned: the host already writes it in RTX syslog
/// style (`2026/01/01 00:00:05: [DHCPD] ...`), which a swift-log default format would bury.
public struct RTXLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    public init(label: String) {}

    public func log(event: LogEvent) {
        // One write per line, so lines of concurrent writers do not interleave.
        let line = "\(event.message)\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
