/// `ipsec transport ID POLICY [PROTO [SRCPORT [DSTPORT]]]`: traffic ESP protects in transport mode.
public struct IPsecTransport: Equatable, Sendable {
    /// A port or `*` for any.
    public enum Port: Equatable, Sendable, CustomStringConvertible {
        case any
        case number(UInt16)

        public var description: String {
            switch self {
            case .any: "*"
            case .number(let number): "\(number)"
            }
        }
    }

    public var policy: Int
    public var proto: IPProtocolName?
    public var sourcePort: Port?
    public var destinationPort: Port?

    public init(policy: Int, proto: IPProtocolName? = nil, sourcePort: Port? = nil, destinationPort: Port? = nil) {
        self.policy = policy
        self.proto = proto
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }
}
