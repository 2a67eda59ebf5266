import NIOCore
import Wire

/// The receiving side of a bound port: each read of the fd is one frame behind its virtio-net
/// header, handed to the router with the offloads the header names. The router's output is sent
/// once per burst of reads, so what one burst produces for a port leaves in one batch.
final class PortReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let port: String
    let host: NIOLoopBound<RouterHost>

    init(port: String, host: NIOLoopBound<RouterHost>) {
        self.port = port
        self.host = host
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let read = unwrapInboundIn(data)
        let offload: FrameOffload
        do {
            offload = try read.withUnsafeReadableBytes { bytes throws(DropReason) in try VirtioNetHeader.parse(bytes) }
        } catch {
            return host.value.refused(error)
        }
        // A slice of just the frame: the router edits frames in place (TTL, NAT, checksums), and an edit
        // then copies the frame's bytes, not the whole receive buffer it shares with NIO's pool.
        guard let frame = read.getSlice(at: read.readerIndex + VirtioNetHeader.length,
                                        length: read.readableBytes - VirtioNetHeader.length) else { return }
        host.value.receive(frame, offload: offload, on: port)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        host.value.settle()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        host.value.portFailed(port, error: error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        host.value.portClosed(port)
    }
}
