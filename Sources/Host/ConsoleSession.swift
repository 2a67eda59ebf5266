import Config
import NIOCore
import Wire

/// One `softrtx console` connection. It reads only while it can be served: at most
/// `ConsoleLimits.pendingLines` lines wait decoded, and while its output is over
/// `ConsoleLimits.output` none of them runs and nothing more is read, so a client that sends
/// without reading fills its own socket rather than the router's memory. A session that sends no
/// line for `idleTimeout` is closed, as an RTX's `login timer` does, so idle connections cannot
/// hold all `ConsoleLimits.sessions` for ever.
final class ConsoleSession: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let host: NIOLoopBound<RouterHost>
    private var context: ChannelHandlerContext?
    /// Bytes read and not decoded yet: a partial line, and what the last read brought beyond `lines`.
    private var input = ByteBuffer()
    /// Lines decoded and waiting for the router's console.
    private var lines = CircularBuffer<String>()
    /// NIO asked for a read while the session took no input: it is made once the session does.
    private var readHeld = false
    /// Closed, or being closed: nothing more is read or run.
    private var ended = false
    private let idleTimeout: Duration
    private var idleTimer: Scheduled<Void>?
    /// The client said a person reads it (`ConsoleFrame.interactive`): long output is paged.
    private(set) var interactive = false
    /// Output behind `---more---`, and the prompt to give when it is all shown or dropped.
    private var pager: (rest: ConsolePager, prompt: String)?

    init(host: NIOLoopBound<RouterHost>, idleTimeout: Duration) {
        self.host = host
        self.idleTimeout = idleTimeout
    }

    /// Starts the idle timer again: at every line the client sends.
    private func rearmIdleTimer(_ context: ChannelHandlerContext) {
        idleTimer?.cancel()
        let seconds = idleTimeout.components.seconds
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(idleTimeout / .nanoseconds(1)))) { [self] in
            end(with: "Error: no input for \(seconds) seconds: console session closed (login timer)\n")
        }
    }

    /// A line waits and the session's output flows.
    var isReady: Bool { !ended && !lines.isEmpty && isWritable }

    private var isWritable: Bool { context?.channel.isWritable ?? false }

    private var takesInput: Bool { !ended && lines.count < ConsoleLimits.pendingLines && isWritable }

    /// The next line to run; taking it may make room to read more.
    func takeLine() -> String {
        let line = lines.removeFirst()
        decodeLines()
        resumeReading()
        return line
    }

    func write(_ frame: ConsoleFrame) {
        guard let context else { return }
        var buffer = context.channel.allocator.buffer(capacity: 5 + frame.text.utf8.count)
        frame.encode(into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    func flush() {
        context?.flush()
    }

    /// A command's output and the prompt after it; on an interactive session, paged.
    func finish(_ output: String, prompt: String, lines: ConsoleLines, columns: Int) {
        let (page, rest) = interactive ? ConsolePager.paginate(output, lines: lines, columns: columns) : (output, nil)
        if !page.isEmpty { write(.output(page)) }
        pager = rest.map { ($0, prompt) }
        write(.prompt(pager == nil ? prompt : ConsolePager.more))
    }

    /// Whether the session's next line answers `---more---` rather than going to the router.
    var isPaging: Bool { pager != nil }

    /// `q` drops the rest of the output; any other line shows the next page.
    func continuePaging(_ line: String) {
        guard var (rest, prompt) = pager else { return }
        if line.split(whereSeparator: \.isWhitespace) == ["q"] {
            pager = nil
            write(.prompt(prompt))
            return
        }
        write(.output(rest.nextPage()))
        pager = rest.isDone ? nil : (rest, prompt)
        write(.prompt(rest.isDone ? prompt : ConsolePager.more))
    }

    /// Says why as console output (which `softrtx console` prints), then closes. A client that has
    /// not read what it was sent may miss it: the connection does not wait for it.
    func end(with message: String) {
        guard !ended, let context else { return }
        drop()
        write(.output(message))
        context.flush()
        context.close(promise: nil)
    }

    /// What the session holds in the router now.
    struct Holding: Sendable {
        var lines: Int
        var inputBytes: Int
        /// Written to the channel and not yet taken by the socket (NIO's outbound buffer).
        var outputBytes: Int
        /// Reading is held back until the session can be served.
        var readHeld: Bool
    }

    var holding: Holding {
        let output = try? context?.channel.syncOptions?.getOption(.bufferedWritableBytes)
        return Holding(lines: lines.count, inputBytes: input.readableBytes, outputBytes: output ?? 0, readHeld: readHeld)
    }

    private func drop() {
        idleTimer?.cancel()
        idleTimer = nil
        ended = true
        lines.removeAll()
        input = ByteBuffer()
    }

    /// Decodes what was read into lines, up to the bound. A frame that is not a line, or longer
    /// than a line may be, ends the session from its header, before its body is read.
    private func decodeLines() {
        while !ended, lines.count < ConsoleLimits.pendingLines {
            let frame: ConsoleFrame?
            do {
                frame = try ConsoleFrame.decode(from: &input, maximumLength: ConsoleFrame.maximumLineLength)
            } catch {
                host.value.router.count(.consoleFrameRefused)
                return end(with: "Error: console \(error.reason)\n")
            }
            guard let frame else { break }
            switch frame {
            case .line(let line): lines.append(line)
            case .interactive: interactive = true
            case .output, .prompt:
                host.value.router.count(.consoleFrameRefused)
                return end(with: "Error: console frame from the client other than a line\n")
            }
        }
        // The read buffer goes once it is used up; a partial line keeps only its own bytes.
        if input.readableBytes == 0 { input = ByteBuffer() } else { input.discardReadBytes() }
    }

    private func resumeReading() {
        guard readHeld, takesInput, let context else { return }
        readHeld = false
        context.read()
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        rearmIdleTimer(context)
        host.value.consoleOpened(self)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        drop()
        host.value.consoleClosed(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !ended else { return }
        var bytes = unwrapInboundIn(data)
        if input.readableBytes == 0 { input = bytes } else { input.writeBuffer(&bytes) }
        rearmIdleTimer(context)
        decodeLines()
        host.value.consoleReady()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            resumeReading()
            host.value.consoleReady()
        }
        context.fireChannelWritabilityChanged()
    }

    /// NIO reads again after every read (auto-read): held back while the session cannot be served.
    func read(context: ChannelHandlerContext) {
        if takesInput { context.read() } else { readHeld = true }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

extension DropReason {
    /// A console connection refused: `ConsoleLimits.sessions` were open (`show status drop`).
    public static let consoleSessionRefused = DropReason("console-session-refused")
    /// A console frame that was not a line, or longer than `ConsoleFrame.maximumLineLength`; its connection is closed.
    public static let consoleFrameRefused = DropReason("console-frame-refused")
}
