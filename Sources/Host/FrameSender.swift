import CSoftRTXShim
import Dispatch
import Glibc
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Sends the ports' batches, the ones made of small frames on a thread of its own (a serial
/// dispatch queue) beside the router's event loop: the router's second core. A send carries the
/// kernel's transmit path with it (the veth, and for a namespace on the same machine its whole
/// receive path), and for small frames that path costs per frame: handed over, it runs on the
/// other core while the router reads and works on the next frames. A batch of one or two
/// super-frames is cheap per byte and is sent at once, where a hand-over would only add a wakeup
/// to its latency. Measured with `netns/iperf-bench.sh`: handing over every batch gained l2tpv3
/// (ESP, a frame per segment) about 40% and cost l2tpv3-raw about 25%; this rule keeps the gain
/// and loses nothing measurable on raw. One queue keeps each port's frames in order: behind a
/// batch still waiting, every batch waits. At most `limit` frames wait; a batch beyond that is
/// dropped, as a full NIC ring drops.
final class FrameSender: Sendable {
    static let limit = 8192
    /// A batch of at least this many frames, or of frames no larger than `smallFrame`, is handed over.
    static let handOffAt = 8
    static let smallFrame = 4096

    private struct State {
        var waiting = 0
        /// Per fd: frames the kernel did not take since last asked, and the last errno.
        var failures: [CInt: (count: Int, error: CInt)] = [:]
    }

    private let queue = DispatchQueue(label: "softrtx.send")
    private let state = NIOLockedValueBox(State())

    /// Sends a batch (frame i behind the virtio-net header at i * 10 in `headers`): on the sending
    /// thread when it is many or small frames (or anything already waits there), else here and now.
    /// False when too much is already waiting and the batch was dropped.
    func submit(_ frames: [ByteBuffer], headers: [UInt8], fd: CInt, isSocket: Bool) -> Bool {
        enum Way { case here, there, dropped }
        let way: Way = state.withLockedValue { state in
            // Behind a batch still waiting, even a small one must wait too: a port's frames keep their order.
            guard state.waiting > 0 || FrameSender.manySmall(frames) else { return .here }
            guard state.waiting + frames.count <= FrameSender.limit else { return .dropped }
            state.waiting += frames.count
            return .there
        }
        switch way {
        case .dropped:
            return false
        case .here:
            let (sent, error) = FrameSender.send(frames, headers: headers, fd: fd, isSocket: isSocket)
            record(sent: sent, of: frames.count, error: error, fd: fd, handedOff: false)
        case .there:
            // What waits must not pin the 64 KiB receive buffers forwarded frames are slices of: up to
            // `limit` of them would be 512 MiB. Frames the router built are their own size already.
            let frames = frames.map { $0.compacted() }
            queue.async { [self] in
                let (sent, error) = FrameSender.send(frames, headers: headers, fd: fd, isSocket: isSocket)
                record(sent: sent, of: frames.count, error: error, fd: fd, handedOff: true)
            }
        }
        return true
    }

    static func manySmall(_ frames: [ByteBuffer]) -> Bool {
        frames.count >= handOffAt || frames.allSatisfy { $0.readableBytes <= smallFrame }
    }

    private func record(sent: Int, of count: Int, error: CInt, fd: CInt, handedOff: Bool) {
        state.withLockedValue { state in
            if handedOff { state.waiting -= count }
            if sent < count {
                let before = state.failures[fd]?.count ?? 0
                state.failures[fd] = (before + count - sent, error)
            }
        }
    }

    private static func send(_ frames: [ByteBuffer], headers: [UInt8], fd: CInt, isSocket: Bool) -> (sent: Int, error: CInt) {
        var headers = headers
        var error: CInt = 0
        let sent = headers.withUnsafeMutableBytes { headerBytes in
            var vectors: [iovec] = []
            vectors.reserveCapacity(2 * frames.count)
            for (index, frame) in frames.enumerated() {
                vectors.append(iovec(iov_base: headerBytes.baseAddress! + index * VirtioNetHeader.length, iov_len: VirtioNetHeader.length))
                // `frames` holds the buffers until the call returns, so their bytes stay where they are.
                frame.withUnsafeReadableBytes { bytes in
                    vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count))
                }
            }
            return Int(softrtx_send_frames(fd, vectors, UInt32(frames.count), isSocket ? 1 : 0, &error))
        }
        return (sent, error)
    }

    /// Frames the kernel did not take on `fd` since the last call, and the last errno among them.
    func takeFailures(fd: CInt) -> (count: Int, error: CInt)? {
        state.withLockedValue { $0.failures.removeValue(forKey: fd) }
    }

    /// Waits until every batch handed over has been sent: before the links close.
    func drain() {
        queue.sync {}
    }
}
