/// IPv4 protocol numbers the router handles.
public enum IPProtocol {
    public static let icmp: UInt8 = 1
    /// IPv4 in IPv4: what tunnel-mode ESP carries.
    public static let ipInIP: UInt8 = 4
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let esp: UInt8 = 50
}
