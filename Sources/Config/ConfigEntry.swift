/// An entry of a config table (an interface, a tunnel, a NAT descriptor...) that a line can leave
/// holding no setting (`no ip lan2 mtu`, `tunnel disable 5`).
protocol ConfigEntry {
    var isEmpty: Bool { get }
}

extension InterfaceConfig: ConfigEntry {}
extension TunnelConfig: ConfigEntry {}
extension NATDescriptor: ConfigEntry {}
extension IKEGateway: ConfigEntry {}
extension PPConfig: ConfigEntry {}

extension Dictionary where Value: ConfigEntry {
    /// Drops the entry of `key` once it holds no setting, so equal settings compare equal. Commands
    /// call it on the entry they changed: sweeping whole tables after every line made loading a file
    /// of many NAT descriptors quadratic.
    mutating func removeIfEmpty(_ key: Key) {
        if self[key]?.isEmpty == true { self[key] = nil }
    }
}
