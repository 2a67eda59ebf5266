import Config
import NIOCore
import Router

/// A router on the lab network: the lab's view of a `Router`.
public final class RouterNode: LabNode {
    public let router: Router
    var failClosed = FailClosedCheck()

    public init(router: Router) { self.router = router }

    public var name: String { router.name }
    public var portNames: [String] { router.portNames }
    public var prompt: String { router.prompt }
    public var isConsoleBusy: Bool { router.isConsoleBusy }
    public var nextDeadline: Duration? { router.nextDeadline }

    public func receive(_ frame: ByteBuffer, on port: String, now: Duration) { router.receive(frame, on: port, now: now) }
    public func advance(to now: Duration) { router.advance(to: now) }
    public func linkChanged(port: String, up: Bool, now: Duration) { router.linkChanged(port: port, up: up, now: now) }
    public func enter(_ line: String, now: Duration) { router.enter(line, now: now) }
    public func takeConsoleOutput() -> String { router.takeConsoleOutput() }

    public func takeTransmissions() -> [Transmission] {
        router.takeTransmissions().map {
            failClosed.inspect($0.frame, port: $0.port, router: router.name, config: router.running, now: router.now)
            return Transmission(port: $0.port, frame: $0.frame)
        }
    }
}
