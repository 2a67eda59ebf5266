import Wire

/// What differs between RTX models: ports and limits.
public struct RouterModel: Sendable, Equatable {
    public var name: String
    /// Physical Ethernet ports, in order.
    public var ports: [String]
    public var maxBridgeMembers: Int
    public var maxTunnels: Int

    public static let rtx830 = RouterModel(name: "RTX830", ports: ["lan1", "lan2"], maxBridgeMembers: 2, maxTunnels: 20)

    public static func named(_ name: String) -> RouterModel? { name == "RTX830" ? .rtx830 : nil }

    /// Port MACs in the YAMAHA OUI that RTX830s carry (ac:44:f2), consecutive per port, the rest
    /// from the router's identity.
    public func macAddresses(identity: UInt64) -> [String: MACAddress] {
        let base = 0xAC44F2_000000 | (identity % 0x3_FFFF) << 6
        var result: [String: MACAddress] = [:]
        for (i, port) in ports.enumerated() { result[port] = MACAddress(base + UInt64(i)) }
        return result
    }
}
