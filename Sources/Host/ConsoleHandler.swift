import NIOCore

/// One `softrtx console` connection: its lines go to the router's console.
final class ConsoleHandler: ChannelInboundHandler {
    typealias InboundIn = ConsoleFrame

    let host: NIOLoopBound<RouterHost>

    init(host: NIOLoopBound<RouterHost>) {
        self.host = host
    }

    func channelActive(context: ChannelHandlerContext) {
        host.value.consoleAttached(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .line(let line) = unwrapInboundIn(data) else { return context.close(promise: nil) }
        host.value.consoleLine(line, from: context.channel)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
