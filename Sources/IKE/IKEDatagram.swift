import Wire

/// One UDP payload to or from port 500 or 4500: an IKE message (on 4500 behind the four-byte non-ESP marker,
/// RFC 3948), or a NAT-keepalive. The engine adds and strips the marker itself.
public struct IKEDatagram: Equatable, Sendable {
    public var source: IPv4Address
    public var sourcePort: UInt16
    public var destination: IPv4Address
    public var destinationPort: UInt16
    public var message: [UInt8]

    public init(source: IPv4Address, sourcePort: UInt16, destination: IPv4Address, destinationPort: UInt16, message: [UInt8]) {
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.message = message
    }

    public static let port: UInt16 = 500
    /// RFC 3947: IKE floats here once a NAT is detected, and UDP-encapsulated ESP shares it.
    public static let natTraversalPort: UInt16 = 4500
}
