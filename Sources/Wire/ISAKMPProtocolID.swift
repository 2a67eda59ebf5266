/// Protocol IDs of proposals, notifications and deletes (RFC 2407 4.4.1).
public enum ISAKMPProtocolID {
    public static let isakmp: UInt8 = 1
    public static let ah: UInt8 = 2
    public static let esp: UInt8 = 3
}
