import NIOCore

/// A frame a node puts on one of its ports.
public struct Transmission {
    public var port: String
    public var frame: ByteBuffer

    public init(port: String, frame: ByteBuffer) {
        self.port = port
        self.frame = frame
    }
}

/// What the lab needs of a router or a host: frames in and out, time, and a console.
/// Nodes are sans-IO; the lab is their only clock.
public protocol LabNode: AnyObject {
    var name: String { get }
    /// Port names a link may name (`lan1`, `eth0` ...). The first is the default for `b: pc1`.
    var portNames: [String] { get }
    func receive(_ frame: ByteBuffer, on port: String, now: Duration)
    func advance(to now: Duration)
    var nextDeadline: Duration? { get }
    func takeTransmissions() -> [Transmission]
    /// A link on this port came up or went down (a host restarts DHCP on link up).
    func linkChanged(port: String, up: Bool, now: Duration)

    var prompt: String { get }
    /// Types one console line; output appears in `takeConsoleOutput` as the command runs.
    func enter(_ line: String, now: Duration)
    /// True while a command (a ping) is still running.
    var isConsoleBusy: Bool { get }
    func takeConsoleOutput() -> String
}
