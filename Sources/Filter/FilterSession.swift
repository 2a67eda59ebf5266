import Config
import Wire

/// One connection a dynamic filter let open: its trigger's direction on one interface, its
/// 5-tuple as the initiator sent it, and its timer.
public struct FilterSession: Sendable {
    struct Key: Hashable {
        var slot: UInt16
        var direction: FilterDirection
        var proto: UInt8
        var initiator: UInt32
        var initiatorPort: UInt16
        var responder: UInt32
        var responderPort: UInt16
    }

    public enum State: String, Sendable {
        /// TCP: the SYN went out, no answer yet.
        case opening
        case established
        /// TCP: a FIN or RST was seen; the connection is let go after `tcp-fin-timeout`.
        case closing
    }

    var key: Key
    public var filter: Int
    public var state: State
    public var started: Duration
    public var expires: Duration
    var serial: Int
    /// The idle timer of its kind: `timeout=`, else `tcp-idle-time`, `udp-idle-time` or `dns-timeout`.
    var idle: Duration = .zero
    var syslog = false
    /// A `filter`-form dynamic filter with `in`/`out` lists the connection's packets must match.
    var ruled = false

    public var direction: FilterDirection { key.direction }
    /// The filter engine's slot of the interface.
    public var slot: Int { Int(key.slot) }
    public var proto: UInt8 { key.proto }
    public var initiator: IPv4Address { IPv4Address(key.initiator) }
    public var responder: IPv4Address { IPv4Address(key.responder) }

    /// `TCP 192.168.100.2:50000 > 203.0.113.9:80`, the connection as its initiator opened it.
    public var flowText: String {
        switch key.proto {
        case IPProtocol.tcp, IPProtocol.udp:
            "\(FilterPacket.protocolName(key.proto)) \(initiator):\(key.initiatorPort) > \(responder):\(key.responderPort)"
        default:
            "\(FilterPacket.protocolName(key.proto)) \(initiator) > \(responder)"
        }
    }
}
