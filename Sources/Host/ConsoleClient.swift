import Glibc
import NIOCore

/// `softrtx console`'s side of the console socket. Blocking: it is a terminal program that
/// waits for either the user or the router, one at a time.
public final class ConsoleClient {
    private let fd: CInt
    private var received = ByteBuffer()

    public init(path: String) throws(HostError) {
        let address: SocketAddress
        do {
            address = try SocketAddress(unixDomainSocketPath: path)
        } catch {
            throw .console("bad socket path \(path)")
        }
        fd = socket(AF_UNIX, CInt(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno: errno) }
        let status = address.withSockAddr { connect(fd, $0, socklen_t($1)) }
        guard status == 0 else {
            let code = errno
            close(fd)
            throw .system("cannot reach the router at \(path)", errno: code)
        }
    }

    deinit { close(fd) }

    public func send(_ line: String) throws(HostError) {
        try send(.line(line))
    }

    private func send(_ frame: ConsoleFrame) throws(HostError) {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        while buffer.readableBytes > 0 {
            let sent = buffer.withUnsafeReadableBytes { Glibc.send(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL)) }
            guard sent > 0 else {
                if errno == EINTR { continue }
                throw .system("console socket", errno: errno)
            }
            buffer.moveReaderIndex(forwardBy: sent)
        }
    }

    /// Tells the router a person reads this console, so long output comes a page at a time.
    public func declareInteractive() throws(HostError) {
        try send(.interactive)
    }

    /// The router's next message, or nil when it closed the connection.
    public func next() throws(HostError) -> ConsoleFrame? {
        while true {
            do {
                if let frame = try ConsoleFrame.decode(from: &received, maximumLength: ConsoleFrame.maximumOutputLength) { return frame }
            } catch {
                throw .console("console socket: \(error.reason)")
            }
            received.discardReadBytes()
            var count = 0
            received.writeWithUnsafeMutableBytes(minimumWritableBytes: 65536) { bytes in
                count = recv(fd, bytes.baseAddress, bytes.count, 0)
                return max(0, count)
            }
            if count == 0 { return nil }
            if count < 0, errno != EINTR { throw .system("console socket", errno: errno) }
        }
    }

    /// Sends a line and collects the router's output until it prompts again (a `ping` included).
    public func run(_ line: String, output: (String) -> Void) throws(HostError) -> String? {
        try send(line)
        return try prompt(output: output)
    }

    /// Collects the router's output until its prompt, or nil when it closed the connection (as it
    /// does, after saying why, to a session over its limit).
    public func prompt(output: (String) -> Void) throws(HostError) -> String? {
        while let frame = try next() {
            switch frame {
            case .output(let text): output(text)
            case .prompt(let prompt): return prompt
            case .line, .interactive: throw .console("console socket: unexpected frame from the router")
            }
        }
        return nil
    }
}
