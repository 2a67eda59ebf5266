import Glibc
import NIOCore
@testable import Host

/// A console client that sends whatever bytes it is given, never waiting for the router to take
/// them, and reads only when asked: the client that misbehaves.
final class RawConsoleSocket {
    private let fd: CInt
    private var received = ByteBuffer()

    init(path: String) throws {
        let address = try SocketAddress(unixDomainSocketPath: path)
        fd = socket(AF_UNIX, CInt(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HostError.system("socket", errno: errno) }
        guard address.withSockAddr({ connect(fd, $0, socklen_t($1)) }) == 0 else {
            let code = errno
            close(fd)
            throw HostError.system("connect", errno: code)
        }
    }

    deinit { close(fd) }

    /// Sends as much of `bytes` as the socket takes now; what was sent leaves `bytes`.
    /// False when the socket took nothing.
    func sendNow(_ bytes: inout ByteBuffer) -> Bool {
        let sent = bytes.withUnsafeReadableBytes { send(fd, $0.baseAddress, $0.count, CInt(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        guard sent > 0 else { return false }
        bytes.moveReaderIndex(forwardBy: sent)
        return true
    }

    /// The router's next frame, or nil once it closed the connection.
    func next() throws -> ConsoleFrame? {
        while true {
            if let frame = try ConsoleFrame.decode(from: &received, maximumLength: ConsoleFrame.maximumOutputLength) { return frame }
            var count = 0
            received.writeWithUnsafeMutableBytes(minimumWritableBytes: 65536) { bytes in
                count = recv(fd, bytes.baseAddress, bytes.count, 0)
                return max(0, count)
            }
            if count == 0 { return nil }
            // A close with bytes of ours unread resets the connection: it is closed all the same.
            if count < 0, errno == ECONNRESET { return nil }
            if count < 0, errno != EINTR { throw HostError.system("recv", errno: errno) }
        }
    }
}
