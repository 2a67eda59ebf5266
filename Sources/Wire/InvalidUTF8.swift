/// Where a text file stops being UTF-8: its first invalid byte.
public struct InvalidUTF8: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the byte.
    public var line: Int
    /// 0-based offset of the byte in the file.
    public var byteOffset: Int
    /// The line, each invalid sequence shown as U+FFFD, for messages.
    public var text: String

    public var description: String { "line \(line): invalid UTF-8 at byte offset \(byteOffset)" }
}

extension String {
    /// Decodes a file's bytes, refusing the file at its first byte that is not UTF-8 (Foundation's
    /// decoder only says that it failed, not where).
    public init(utf8File bytes: some Collection<UInt8>) throws(InvalidUTF8) {
        if let text = String(validating: bytes, as: UTF8.self) {
            self = text
            return
        }
        // Invalid somewhere: parse again, counting bytes and lines, to say where.
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var lineStart = 0
        scan: while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar):
                offset += scalar.count
                if scalar.count == 1, scalar.first == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = offset
                }
            case .error:
                let rest = bytes.dropFirst(lineStart).prefix { $0 != UInt8(ascii: "\n") }
                throw InvalidUTF8(line: line, byteOffset: offset, text: String(decoding: rest, as: UTF8.self))
            case .emptyInput:
                break scan
            }
        }
        self.init(decoding: bytes, as: UTF8.self)
    }
}
