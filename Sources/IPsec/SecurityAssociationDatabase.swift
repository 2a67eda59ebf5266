import NIOCore
import Wire

/// The SAD (RFC 4301 4.4.2): inbound SAs found by SPI and destination address, and the outbound SA of
/// each SA policy. Which policy a packet takes is the Router's: a tunnel's `ipsec tunnel N`.
public struct SecurityAssociationDatabase {
    private struct InboundKey: Hashable {
        var spi: UInt32
        var destination: IPv4Address
    }

    private var inbound: [InboundKey: ESPSecurityAssociation] = [:]
    private var outbound: [Int: ESPSecurityAssociation] = [:]

    public init() {}

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

    public func inbound(spi: UInt32, destination: IPv4Address) -> ESPSecurityAssociation? {
        inbound[InboundKey(spi: spi, destination: destination)]
    }

    public func outbound(policyID: Int) -> ESPSecurityAssociation? {
        outbound[policyID]
    }
}
