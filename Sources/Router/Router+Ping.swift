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
            sendLocal(protocol: IPProtocol.icmp, to: session.options.target, payload: session.echoRequest(sequence: seq))
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
