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

    public struct DecodeError: Error, Equatable {
        public var reason: String
    }

    /// Longest payload accepted: far above any `show config`, low enough to refuse garbage.
    public static let maximumLength = 1 << 24

    var tag: UInt8 {
        switch self {
        case .line: UInt8(ascii: "L")
        case .output: UInt8(ascii: "O")
        case .prompt: UInt8(ascii: "P")
        }
    }

    var text: String {
        switch self {
        case .line(let text), .output(let text), .prompt(let text): text
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
    /// the frame is not complete yet.
    public static func decode(from buffer: inout ByteBuffer) throws(DecodeError) -> ConsoleFrame? {
        guard let tag = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self)
        else { return nil }
        guard Int(length) <= maximumLength else { throw DecodeError(reason: "frame of \(length) bytes") }
        guard buffer.readableBytes >= 5 + Int(length) else { return nil }
        let text = buffer.getString(at: buffer.readerIndex + 5, length: Int(length)) ?? ""
        let frame: ConsoleFrame
        switch tag {
        case UInt8(ascii: "L"): frame = .line(text)
        case UInt8(ascii: "O"): frame = .output(text)
        case UInt8(ascii: "P"): frame = .prompt(text)
        default: throw DecodeError(reason: "unknown tag \(tag)")
        }
        buffer.moveReaderIndex(forwardBy: 5 + Int(length))
        return frame
    }
}

/// `ConsoleFrame` over a NIO stream channel.
struct ConsoleFrameCodec: ByteToMessageDecoder, MessageToByteEncoder {
    typealias InboundOut = ConsoleFrame
    typealias OutboundIn = ConsoleFrame

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try ConsoleFrame.decode(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    func encode(data: ConsoleFrame, out: inout ByteBuffer) throws {
        data.encode(into: &out)
    }
}
