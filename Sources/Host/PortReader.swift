import NIOCore

/// The receiving side of a bound port: each read of the fd is one frame, handed to the router.
final class PortReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let port: String
    let host: NIOLoopBound<RouterHost>

    init(port: String, host: NIOLoopBound<RouterHost>) {
        self.port = port
        self.host = host
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        host.value.receive(unwrapInboundIn(data), on: port)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        host.value.portFailed(port, error: error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        host.value.portClosed(port)
    }
}
