import NIOCore
import Wire

/// The SAD (RFC 4301 4.4.2): inbound SAs found by SPI and destination address, the outbound SA of
/// each SA policy, and the transport policies that pick a policy for an outgoing packet.
public struct SecurityAssociationDatabase {
    private struct InboundKey: Hashable {
        var spi: UInt32
        var destination: IPv4Address
    }

    private var inbound: [InboundKey: ESPSecurityAssociation] = [:]
    private var outbound: [Int: ESPSecurityAssociation] = [:]
    public private(set) var policies: [SecurityPolicy] = []

    public init() {}

    /// Every SA, inbound then outbound, for `show ipsec sa`.
    public var associations: [ESPSecurityAssociation] { Array(inbound.values) + Array(outbound.values) }

    public mutating func addInbound(_ sa: ESPSecurityAssociation, destination: IPv4Address) {
        inbound[InboundKey(spi: sa.spi, destination: destination)] = sa
    }

    /// Installs (or, on rekey, replaces) the SA a policy's packets leave under.
    public mutating func setOutbound(_ sa: ESPSecurityAssociation, policyID: Int) {
        outbound[policyID] = sa
    }

    public mutating func removeInbound(spi: UInt32, destination: IPv4Address) {
        inbound[InboundKey(spi: spi, destination: destination)] = nil
    }

    public mutating func removeOutbound(policyID: Int) {
        outbound[policyID] = nil
    }

    public mutating func setPolicies(_ policies: [SecurityPolicy]) {
        self.policies = policies
    }

    public func inbound(spi: UInt32, destination: IPv4Address) -> ESPSecurityAssociation? {
        inbound[InboundKey(spi: spi, destination: destination)]
    }

    public func outbound(policyID: Int) -> ESPSecurityAssociation? {
        outbound[policyID]
    }

    /// The first transport policy whose selector matches, in the order they were set.
    public func transportPolicy(protocol: UInt8, sourcePort: UInt16?, destinationPort: UInt16?) -> SecurityPolicy? {
        policies.first {
            if case .transport(let selector) = $0.mode {
                selector.matches(protocol: `protocol`, sourcePort: sourcePort, destinationPort: destinationPort)
            } else { false }
        }
    }

    /// Finds the inbound SA for an ESP packet (as `ESPSecurityAssociation.open` takes it) and opens it.
    public func open(_ packet: consuming ByteBuffer, udpEncapsulated: Bool) throws(DropReason) -> (sa: ESPSecurityAssociation, opened: ESPOpened) {
        let base = packet.readerIndex
        guard let versionAndIHL = packet.getInteger(at: base, as: UInt8.self),
              let destination = packet.getInteger(at: base + 16, as: UInt32.self)
        else { throw .ipv4Truncated }
        let espStart = Int(versionAndIHL & 0x0F) * 4 + (udpEncapsulated ? UDPHeader.length : 0)
        guard let spi = packet.getInteger(at: base + espStart, as: UInt32.self) else { throw .espTruncated }
        guard let sa = inbound[InboundKey(spi: spi, destination: IPv4Address(destination))] else { throw .espUnknownSPI }
        return (sa, try sa.open(consume packet, udpEncapsulated: udpEncapsulated))
    }
}
