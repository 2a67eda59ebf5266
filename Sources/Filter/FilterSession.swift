import Config
import Wire

/// One connection a dynamic filter let open: its trigger's direction on one interface, its
/// 5-tuple as the initiator sent it, and its timer.
public struct FilterSession: Sendable {
    /// The connection's two ends in a fixed order, so a packet and its answer find it with one lookup.
    struct Key: Hashable {
        var slot: UInt16
        var proto: UInt8
        var low: UInt32
        var lowPort: UInt16
        var high: UInt32
        var highPort: UInt16

        init(slot: UInt16, proto: UInt8, _ a: UInt32, _ aPort: UInt16, _ b: UInt32, _ bPort: UInt16) {
            self.slot = slot
            self.proto = proto
            if (a, aPort) <= (b, bPort) {
                (low, lowPort, high, highPort) = (a, aPort, b, bPort)
            } else {
                (low, lowPort, high, highPort) = (b, bPort, a, aPort)
            }
        }

        /// Every field, as two words: one lookup per packet hashes two values, not six.
        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(slot) << 48 | UInt64(proto) << 32 | UInt64(lowPort) << 16 | UInt64(highPort))
            hasher.combine(UInt64(low) << 32 | UInt64(high))
        }
    }

    public enum State: String, Sendable {
        /// TCP: the SYN went out, no answer yet.
        case opening
        case established
        /// TCP: a FIN or RST was seen; the connection is let go after `tcp-fin-timeout`.
        case closing
    }

    var key: Key
    /// The direction of the packet that opened it, on its interface.
    public var direction: FilterDirection
    var initiatorValue: UInt32
    var initiatorPort: UInt16
    var responderValue: UInt32
    var responderPort: UInt16
    public var filter: Int
    public var state: State
    public var started: Duration
    public var expires: Duration
    var serial: Int
    /// A packet came back against the direction that opened it (a SYN-ACK, a reply): at the table's
    /// bound such a connection goes only after every unanswered one.
    public var answered = false
    /// The idle timer of its kind: `timeout=`, else `tcp-idle-time`, `udp-idle-time` or `dns-timeout`.
    var idle: Duration = .zero
    var syslog = false
    /// A `filter`-form dynamic filter with `in`/`out` lists the connection's packets must match.
    var ruled = false

    /// The filter engine's slot of the interface.
    public var slot: Int { Int(key.slot) }
    public var initiator: IPv4Address { IPv4Address(initiatorValue) }
    public var responder: IPv4Address { IPv4Address(responderValue) }

    /// `TCP 192.168.100.2:50000 > 203.0.113.9:80`, the connection as its initiator opened it.
    public var flowText: String {
        switch key.proto {
        case IPProtocol.tcp, IPProtocol.udp:
            "\(FilterPacket.protocolName(key.proto)) \(initiator):\(initiatorPort) > \(responder):\(responderPort)"
        default:
            "\(FilterPacket.protocolName(key.proto)) \(initiator) > \(responder)"
        }
    }
}
