import Glibc
import NIOCore
import Testing
import Wire
@testable import Host

/// A port's batched sends, on a datagram socket pair standing in for a packet socket.
@Suite struct FramePortTests {
    @Test func aBatchLeavesAsFramesBehindTheirHeadersAndARefusedFrameCostsNoOther() throws {
        var fds: [CInt] = [0, 0]
        #expect(socketpair(AF_UNIX, CInt(SOCK_DGRAM.rawValue), 0, &fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var size: CInt = 8192
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<CInt>.size))
        let port = FramePort(binding: PortBinding(port: "lan1", device: .interface("test0")), fd: fds[0])
        let partial = FrameOffload(checksum: .init(start: 34, offset: 16))
        port.send(ByteBuffer(repeating: 1, count: 60), offload: .none)
        port.send(ByteBuffer(repeating: 2, count: 200_000), offload: .none)   // larger than the socket takes
        port.send(ByteBuffer(repeating: 3, count: 70), offload: partial)
        #expect(port.flush() == EMSGSIZE)
        #expect(port.sendFailures == 1)

        var received: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while true {
            let n = recv(fds[1], &buffer, buffer.count, CInt(MSG_DONTWAIT))
            guard n > 0 else { break }
            received.append(Array(buffer[0..<n]))
        }
        #expect(received.count == 2)
        #expect(received.first?.count == 10 + 60 && received.first?.prefix(10).allSatisfy { $0 == 0 } == true)
        // The third frame's header says NEEDS_CSUM at 34/16 (little-endian), then its bytes.
        #expect(received.last.map { Array($0.prefix(10)) } == [1, 0, 0, 0, 0, 0, 34, 0, 16, 0])
        #expect(received.last?.dropFirst(10).allSatisfy { $0 == 3 } == true)
        #expect(port.flush() == nil, "nothing queued, nothing to report")
    }
}
