import NIOCore
import Wire

/// The receiving side of a bound port: each read of the fd is one frame behind its virtio-net
/// header, handed to the router with the offloads the header names.
final class PortReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let port: String
    let host: NIOLoopBound<RouterHost>

    init(port: String, host: NIOLoopBound<RouterHost>) {
        self.port = port
        self.host = host
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var read = unwrapInboundIn(data)
        let offload: FrameOffload
        do {
            offload = try read.withUnsafeReadableBytes { bytes throws(DropReason) in try VirtioNetHeader.parse(bytes) }
        } catch {
            return host.value.refused(error)
        }
        read.moveReaderIndex(forwardBy: VirtioNetHeader.length)
        host.value.receive(read, offload: offload, on: port)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        host.value.portFailed(port, error: error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        host.value.portClosed(port)
    }
}
