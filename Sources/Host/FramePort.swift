import Glibc
import NIOCore
import Wire

/// The sending side of a bound port. Frames are queued as the router hands them over and leave
/// together at `flush`, through the router's `FrameSender`: on a packet socket in `sendmmsg` calls
/// of up to 64, on a TAP (a character device, which has no batch write) one `writev` each; each
/// message is a virtio-net header and the frame (NIO's pipe channel would gather queued writes into
/// one `writev`, which on a packet socket or TAP is one wrong frame). A frame the kernel cannot take
/// is dropped, as a NIC whose queue is full drops it; the sender's protocols recover.
final class FramePort {
    let binding: PortBinding
    let fd: CInt
    let sender: FrameSender
    /// Frames the kernel did not take, since the port opened.
    private(set) var sendFailures = 0
    private var lastFailure: CInt = 0
    private var queued: [ByteBuffer] = []
    private var headers: [UInt8] = []

    private var isSocket: Bool {
        if case .interface = binding.device { return true }
        return false
    }

    /// `fd` is the port's own descriptor for sending (a `dup` of the one NIO reads and closes), so a
    /// batch still waiting on the sending thread never meets a closed or reused number.
    init(binding: PortBinding, fd: CInt, sender: FrameSender) {
        self.binding = binding
        self.fd = fd
        self.sender = sender
    }

    /// Closes the sending descriptor; call once nothing more is waiting (`FrameSender.drain`).
    func close() {
        Glibc.close(fd)
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

    /// Sends what is queued (or hands it to the sending thread). Returns the frames lost since the
    /// last call (the kernel refused them, or too much was waiting) and an errno the caller has not
    /// heard of yet.
    func flush() -> (lost: Int, newError: CInt?) {
        var lost = 0
        if !queued.isEmpty {
            if !sender.submit(queued, headers: headers, fd: fd, isSocket: isSocket) { lost += queued.count }
            queued.removeAll(keepingCapacity: true)
            headers.removeAll(keepingCapacity: true)
        }
        var error: CInt = lost > 0 ? ENOBUFS : 0
        if let failed = sender.takeFailures(fd: fd) {
            lost += failed.count
            error = failed.error
        }
        sendFailures += lost
        guard lost > 0 else {
            lastFailure = 0
            return (0, nil)
        }
        defer { lastFailure = error }
        return (lost, error == lastFailure ? nil : error)
    }
}

extension DropReason {
    /// A frame the port's kernel queue was too full to take, or refused (`show status drop`).
    public static let portSendFailed = DropReason("port-send-failed")
}
