import Glibc
import NIOCore
import Testing
import Wire
@testable import Host

/// A port's batched sends, on a datagram socket pair standing in for a packet socket.
@Suite struct FramePortTests {
    /// A socket pair with a small send buffer; `body` gets the port on one end and a reader of the other.
    func withPort(_ body: (FramePort, FrameSender, () -> [[UInt8]]) throws -> Void) throws {
        var fds: [CInt] = [0, 0]
        #expect(socketpair(AF_UNIX, CInt(SOCK_DGRAM.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var size: CInt = 65536
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<CInt>.size))
        let sender = FrameSender()
        let port = FramePort(binding: PortBinding(port: "lan1", device: .interface("test0")), fd: fds[0], sender: sender)
        try body(port, sender) {
            var received: [[UInt8]] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fds[1], &buffer, buffer.count, CInt(MSG_DONTWAIT))
                guard n > 0 else { break }
                received.append(Array(buffer[0..<n]))
            }
            return received
        }
    }

    @Test func aBatchLeavesAsFramesBehindTheirHeadersAndARefusedFrameCostsNoOther() throws {
        try withPort { port, _, receive in
            port.send(ByteBuffer(repeating: 1, count: 60), offload: .none)
            port.send(ByteBuffer(repeating: 2, count: 300_000), offload: .none)   // larger than the socket takes
            port.send(ByteBuffer(repeating: 3, count: 70), offload: FrameOffload(checksum: .init(start: 34, offset: 16)))
            // A batch with a super-frame in it is sent at once, on the router's thread.
            #expect(port.flush() == (1, EMSGSIZE))
            #expect(port.sendFailures == 1)
            let received = receive()
            #expect(received.count == 2)
            #expect(received.first?.count == 10 + 60 && received.first?.prefix(10).allSatisfy { $0 == 0 } == true)
            // The third frame's header says NEEDS_CSUM at 34/16 (little-endian), then its bytes.
            #expect(received.last.map { Array($0.prefix(10)) } == [1, 0, 0, 0, 0, 0, 34, 0, 16, 0])
            #expect(received.last?.dropFirst(10).allSatisfy { $0 == 3 } == true)
            #expect(port.flush() == (0, nil), "nothing queued, nothing to report")
        }
    }

    @Test func smallFramesGoToTheSendingThreadAndKeepTheirOrder() throws {
        try withPort { port, sender, receive in
            for round in 0..<3 {
                for index in 0..<10 { port.send(ByteBuffer(repeating: UInt8(round * 10 + index), count: 100), offload: .none) }
                #expect(port.flush() == (0, nil))
            }
            sender.drain()
            let received = receive()
            #expect(received.map { $0[10] } == (0..<30).map { UInt8($0) })
        }
    }
}
