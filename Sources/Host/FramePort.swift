import Glibc
import NIOCore

/// The sending side of a bound port. Frames are written straight to the fd, one `write` each:
/// NIO's pipe channel would gather queued writes into one `writev`, which on a packet socket or
/// TAP is one (wrong) frame. A frame the kernel cannot take right now is dropped, as a NIC whose
/// queue is full drops it; the sender's protocols recover.
final class FramePort {
    let binding: PortBinding
    let fd: CInt
    private(set) var sendFailures = 0
    private var lastFailure: CInt = 0

    init(binding: PortBinding, fd: CInt) {
        self.binding = binding
        self.fd = fd
    }

    /// Sends one frame; returns the errno of a failure the caller has not heard of yet.
    func send(_ frame: ByteBuffer) -> CInt? {
        let written = frame.withUnsafeReadableBytes { write(fd, $0.baseAddress, $0.count) }
        if written >= 0 {
            lastFailure = 0
            return nil
        }
        let code = errno
        sendFailures += 1
        defer { lastFailure = code }
        return code == lastFailure ? nil : code
    }
}
