import Wire

/// What an RTX `ipsec transport ID POLICY [PROTO [SRCPORT [DSTPORT]]]` or `ipsec tunnel POLICY`
/// binds to an SA policy: which packets must leave under that policy's outbound SA.
public struct SecurityPolicy: Hashable, Sendable {
    /// Transport-mode traffic: nil fields match anything (`ipsec transport 1 100 udp 1701`).
    public struct Selector: Hashable, Sendable {
        public var `protocol`: UInt8?
        public var sourcePort: UInt16?
        public var destinationPort: UInt16?

        public init(protocol: UInt8? = nil, sourcePort: UInt16? = nil, destinationPort: UInt16? = nil) {
            self.protocol = `protocol`
            self.sourcePort = sourcePort
            self.destinationPort = destinationPort
        }

        /// Ports are compared only for TCP and UDP; pass nil for other protocols.
        public func matches(protocol: UInt8, sourcePort: UInt16?, destinationPort: UInt16?) -> Bool {
            (self.protocol.map { $0 == `protocol` } ?? true)
                && (self.sourcePort.map { $0 == sourcePort } ?? true)
                && (self.destinationPort.map { $0 == destinationPort } ?? true)
        }
    }

    public enum Mode: Hashable, Sendable {
        case transport(Selector)
        /// `ipsec tunnel POLICY`: everything routed into the tunnel interface.
        case tunnel
    }

    /// The SA policy number (`ipsec sa policy 100 ...`), which names the outbound SA in the SAD.
    public var policyID: Int
    public var mode: Mode

    public init(policyID: Int, mode: Mode) {
        self.policyID = policyID
        self.mode = mode
    }
}
