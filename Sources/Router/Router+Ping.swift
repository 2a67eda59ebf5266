import NIOCore
import Wire

/// The console's `ping`: one session at a time, its lines printed as replies arrive.
extension Router {
    func startPing(_ words: [Substring]) {
        switch PingSession.Options.parse(words) {
        case let .failure(error):
            consoleOutput += error.message + "\n"
        case let .success(options):
            pingIdentifier &+= 1
            ping = PingSession(options: options, identifier: pingIdentifier, now: now)
            pingTimers()
        }
    }

    func pingTimers() {
        while var session = ping, let seq = session.due(now: now) {
            ping = session
            var data = ByteBuffer()
            for i in 0..<session.options.dataLength { data.writeInteger(UInt8(truncatingIfNeeded: i)) }
            let restOfHeader = UInt32(session.identifier) << 16 | UInt32(seq)
            let request = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: restOfHeader, data: data)
            sendLocal(protocol: IPProtocol.icmp, to: session.options.target, payload: request)
        }
        guard var session = ping else { return }
        if let summary = session.finishIfDone(now: now) {
            consoleOutput += summary + "\n"
            ping = nil
        } else {
            ping = session
        }
    }
}
