import NIOCore

/// One message on the console socket. Output and prompt are separate messages so a client knows
/// when a command (a `ping` runs for seconds) has finished and the router waits for the next line.
/// On the wire: a tag byte, a 32-bit big-endian length, then that many bytes of UTF-8.
public enum ConsoleFrame: Equatable, Sendable {
    /// Client to router: one line typed at the prompt.
    case line(String)
    /// Router to client: console text, as it comes.
    case output(String)
    /// Router to client: the console is ready for a line; the text is the prompt.
    case prompt(String)
    /// Client to router: a person reads this session at a terminal, so long output is paged
    /// (`console lines`). Scripts never send it.
    case interactive

    public struct DecodeError: Error, Equatable {
        public var reason: String
    }

    /// Longest output or prompt a client takes: far above any `show config`, low enough to refuse garbage.
    public static let maximumOutputLength = 1 << 24
    /// Longest line the router takes: an RTX console line is a few thousand characters at most.
    public static let maximumLineLength = 1 << 16

    var tag: UInt8 {
        switch self {
        case .line: UInt8(ascii: "L")
        case .output: UInt8(ascii: "O")
        case .prompt: UInt8(ascii: "P")
        case .interactive: UInt8(ascii: "I")
        }
    }

    var text: String {
        switch self {
        case .line(let text), .output(let text), .prompt(let text): text
        case .interactive: ""
        }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(tag)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        let length = buffer.writeString(text)
        buffer.setInteger(UInt32(length), at: lengthIndex)
    }

    /// Takes one whole frame off the front of `buffer`, or returns nil (consuming nothing) when
    /// the frame is not complete yet. The tag and length are judged from the 5-byte header, so a
    /// frame longer than `maximumLength` is refused before its body is waited for.
    public static func decode(from buffer: inout ByteBuffer, maximumLength: Int) throws(DecodeError) -> ConsoleFrame? {
        guard let tag = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard [UInt8(ascii: "L"), UInt8(ascii: "O"), UInt8(ascii: "P"), UInt8(ascii: "I")].contains(tag) else {
            throw DecodeError(reason: "unknown tag \(tag)")
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self) else { return nil }
        guard Int(length) <= maximumLength else {
            throw DecodeError(reason: "frame of \(length) bytes (at most \(maximumLength))")
        }
        guard buffer.readableBytes >= 5 + Int(length) else { return nil }
        let text = buffer.getString(at: buffer.readerIndex + 5, length: Int(length)) ?? ""
        buffer.moveReaderIndex(forwardBy: 5 + Int(length))
        switch tag {
        case UInt8(ascii: "L"): return .line(text)
        case UInt8(ascii: "O"): return .output(text)
        case UInt8(ascii: "I"): return .interactive
        default: return .prompt(text)
        }
    }
}
