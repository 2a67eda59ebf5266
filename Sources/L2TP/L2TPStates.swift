import NIOCore

/// Control connection states as `show status l2tp` names them (RFC 2661/3931 state names).
public enum L2TPTunnelState: String, Sendable {
    case idle
    case waitCtlReply = "wait_ctl_reply"
    case waitCtlConn = "wait_ctl_conn"
    case established
}

/// Session states of the one pseudowire a tunnel carries.
public enum L2TPSessionState: String, Sendable {
    case idle
    case waitReply = "wait_reply"
    case waitConnect = "wait_connect"
    case established
}

/// What the engine tells its router besides packets: log lines and up/down changes.
public enum L2TPEvent: Equatable, Sendable {
    case log(String)
    /// A control message refused, by reason ("l2tp-bad-digest"): counted with the router's drops.
    case refused(String)
    case sessionUp
    case sessionDown
}

/// The result of handing the engine input: UDP payloads for the peer, and events.
public struct L2TPOutput: Sendable {
    public var packets: [L2TPDatagram] = []
    public var events: [L2TPEvent] = []

    public init(packets: [L2TPDatagram] = [], events: [L2TPEvent] = []) {
        self.packets = packets
        self.events = events
    }

    public mutating func append(_ other: L2TPOutput) {
        packets += other.packets
        events += other.events
    }
}

/// A control message on its way to the peer: bytes and the peer's UDP port.
public struct L2TPDatagram: Sendable {
    public var payload: ByteBuffer
    public var port: UInt16
}
