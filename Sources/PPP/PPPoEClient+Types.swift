import NIOCore
import Wire

extension PPPoEClient {
    public enum Output: Sendable {
        /// A whole Ethernet frame (destination the AC or broadcast, source our MAC) to send on the port.
        case frame(ByteBuffer)
        /// An RTX-like line the router prefixes with "PP[NN] ", e.g. "PPP/IPCP up  (Local: ..., Remote: ...)".
        case log(String)
        /// An RTX-like line the router prefixes with "PPPOE[NN] ", e.g. "PPPoE Connect": an RTX logs the
        /// PPPoE session's events under that prefix, not under "PP[NN]" (captured `show log` of an RTX1100).
        case pppoeLog(String)
        /// IPCP opened: the link carries IPv4.
        case up(Link)
        /// The link went down after an `up`; the text is the cause.
        case down(String)
        /// A refused frame, to count.
        case drop(DropReason)
    }

    /// The session while IPCP is opened: what the data path needs.
    public struct Link: Equatable, Sendable {
        public var sessionID: UInt16
        public var accessConcentrator: MACAddress
        public var acName: String?
        public var address: IPv4Address
        public var peerAddress: IPv4Address?
        public var dns: [IPv4Address]
        /// min(peer's MRU, 1492): the largest IPv4 packet to send.
        public var mtu: Int

        /// Prepends Ethernet (to the AC, from `ourMAC`, 0x8864), the PPPoE session header and PPP protocol 0x0021
        /// to the IPv4 packet at the reader index, in its headroom.
        public func encapsulate(ipv4 packet: inout ByteBuffer, ourMAC: MACAddress) {
            packet.reserveHeadroom(EthernetHeader.length + PPPoESessionHeader.length)
            PPPoESessionHeader.prepend(sessionID: sessionID, protocol: PPPProtocol.ipv4, to: &packet)
            EthernetHeader(destination: accessConcentrator, source: ourMAC, etherType: EtherType.pppoeSession).prepend(to: &packet)
        }
    }

    /// Where the client is (RFC 1661 3.2 phases, with PPPoE discovery before them).
    public enum Phase: String, Sendable {
        case idle, discovery, establish, authenticate, network, opened, terminating
    }

    /// What `show status pp` reports.
    public struct Status: Equatable, Sendable {
        public var phase: Phase
        public var acName: String?
        public var accessConcentrator: MACAddress?
        public var sessionID: UInt16?
        /// When IPCP opened.
        public var since: Duration?
        public var authProtocol: PPPAuthProtocol?
        /// Option names in force, as `show status pp` lists them ("Magic-Number MRU").
        public var lcpLocal: [String]
        public var lcpRemote: [String]
        public var ipcpLocal: [String]
        public var ipcpRemote: [String]
        public var echoRequestsSent: Int
        public var echoRepliesReceived: Int
        /// Why the last session ended.
        public var lastCause: String?
    }
}
