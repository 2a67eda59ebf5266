import Glibc
import NIOCore
import Wire

/// The sending side of a bound port. Frames are written straight to the fd, one `writev` each (a
/// virtio-net header, then the frame): NIO's pipe channel would gather queued writes into one
/// `writev`, which on a packet socket or TAP is one (wrong) frame. A frame the kernel cannot take
/// right now is dropped, as a NIC whose queue is full drops it; the sender's protocols recover.
final class FramePort {
    let binding: PortBinding
    let fd: CInt
    private(set) var sendFailures = 0
    private var lastFailure: CInt = 0
    private let header = UnsafeMutableRawBufferPointer.allocate(byteCount: VirtioNetHeader.length, alignment: 8)

    init(binding: PortBinding, fd: CInt) {
        self.binding = binding
        self.fd = fd
    }

    deinit { header.deallocate() }

    /// Sends one frame, with what is left to finish on it for the kernel (or the NIC) to do; returns
    /// the errno of a failure the caller has not heard of yet.
    func send(_ frame: ByteBuffer, offload: FrameOffload) -> CInt? {
        let headerLength = offload.segmentation == nil ? 0 : FrameLayout(frame).flatMap { layout in
            layout.transportHeaderLength(in: frame).map { layout.transport + $0 }
        } ?? 0
        VirtioNetHeader.write(offload, headerLength: headerLength, to: header)
        let written = frame.withUnsafeReadableBytes { bytes in
            var vectors = (iovec(iov_base: header.baseAddress, iov_len: header.count),
                           iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count))
            return withUnsafeMutableBytes(of: &vectors) { writev(fd, $0.baseAddress!.assumingMemoryBound(to: iovec.self), 2) }
        }
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
