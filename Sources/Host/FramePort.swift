import CSoftRTXShim
import Glibc
import NIOCore
import Wire

/// The sending side of a bound port. Frames are queued as the router hands them over and leave
/// together at `flush`: on a packet socket in `sendmmsg` calls of up to 64, on a TAP (a character
/// device, which has no batch write) one `writev` each; each message is a virtio-net header and the
/// frame (NIO's pipe channel would gather queued writes into one `writev`, which on a packet socket
/// or TAP is one wrong frame). A frame the kernel cannot take right now is dropped, as a NIC whose
/// queue is full drops it; the sender's protocols recover.
final class FramePort {
    let binding: PortBinding
    let fd: CInt
    /// Frames the kernel did not take, since the port opened.
    private(set) var sendFailures = 0
    private var lastFailure: CInt = 0
    private var queued: [ByteBuffer] = []
    private var headers: [UInt8] = []

    private var isSocket: Bool {
        if case .interface = binding.device { return true }
        return false
    }

    init(binding: PortBinding, fd: CInt) {
        self.binding = binding
        self.fd = fd
    }

    /// Queues one frame with what is left to finish on it, for the kernel (or the NIC) to do.
    func send(_ frame: ByteBuffer, offload: FrameOffload) {
        let headerLength = offload.segmentation == nil ? 0 : FrameLayout(frame).flatMap { layout in
            layout.transportHeaderLength(in: frame).map { layout.transport + $0 }
        } ?? 0
        let at = headers.count
        headers.append(contentsOf: repeatElement(0, count: VirtioNetHeader.length))
        headers.withUnsafeMutableBytes {
            VirtioNetHeader.write(offload, headerLength: headerLength, to: UnsafeMutableRawBufferPointer(rebasing: $0[at...]))
        }
        queued.append(frame)
    }

    /// Sends what is queued; returns the errno of a failure the caller has not heard of yet.
    func flush() -> CInt? {
        guard !queued.isEmpty else { return nil }
        defer {
            queued.removeAll(keepingCapacity: true)
            headers.removeAll(keepingCapacity: true)
        }
        let count = queued.count
        var error: CInt = 0
        let sent: CInt = headers.withUnsafeMutableBytes { headerBytes in
            var vectors: [iovec] = []
            vectors.reserveCapacity(2 * count)
            for (index, frame) in queued.enumerated() {
                vectors.append(iovec(iov_base: headerBytes.baseAddress! + index * VirtioNetHeader.length, iov_len: VirtioNetHeader.length))
                // The frames stay in `queued` until the call returns, so their bytes stay where they are.
                frame.withUnsafeReadableBytes { bytes in
                    vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count))
                }
            }
            return softrtx_send_frames(fd, vectors, UInt32(count), isSocket ? 1 : 0, &error)
        }
        if sent == count {
            lastFailure = 0
            return nil
        }
        sendFailures += count - Int(sent)
        defer { lastFailure = error }
        return error == lastFailure ? nil : error
    }
}

extension DropReason {
    /// A frame the port's kernel queue was too full to take, or refused (`show status drop`).
    public static let portSendFailed = DropReason("port-send-failed")
}
